import type { ComponentChildren } from 'preact';

export interface DataRow {
  /** The row's name, a row header for screen readers. */
  head: ComponentChildren;
  cells: ComponentChildren[];
  class?: string;
}

/** A table of figures: column headers, a header cell per row, numbers aligned right. */
export function DataTable({ caption, columns, rows, numeric = true }: { caption?: string; columns: string[]; rows: DataRow[]; numeric?: boolean }) {
  return (
    <table>
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col">{c}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr class={r.class}>
            <th scope="row">{r.head}</th>
            {r.cells.map((c) => (
              <td class={numeric ? 'num' : undefined}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
