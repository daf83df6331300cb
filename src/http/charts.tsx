import type { ComponentChildren } from 'preact';
/**
 * Bar charts as inline SVG: drawn on the server, crisp at any size, readable without JavaScript,
 * and exportable as they are. Each chart carries its numbers as a table for screen readers.
 */
export interface Bar {
  label: string;
  /** The whole bar. */
  value: number;
  /** The part of it drawn darker (e.g. handled in time), if any. */
  part?: number;
}

export function StackedBarChart({ id, title, bars, legend }: { id: string; title: string; bars: Bar[]; legend: { value: string; part?: string } }) {
  const width = 720;
  const height = 220;
  const pad = { left: 36, bottom: 36, top: 12, right: 8 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const plotH = height - pad.top - pad.bottom;
  const slot = (width - pad.left - pad.right) / Math.max(1, bars.length);
  const barW = Math.min(48, slot * 0.7);
  const y = (v: number) => pad.top + plotH - (v / top) * plotH;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return (
    <figure class="chart">
      <svg
        id={id}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        xmlns="http://www.w3.org/2000/svg"
        font-family="system-ui, sans-serif"
        font-size="12"
      >
        <title id={`${id}-title`}>{title}</title>
        {ticks.map((v) => (
          <g>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#c9d1d9" stroke-width="1" />
            <text x={pad.left - 6} y={y(v) + 4} text-anchor="end" fill="#4a5560">
              {v}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = pad.left + i * slot + (slot - barW) / 2;
          return (
            <g>
              <rect x={x} y={y(b.value)} width={barW} height={y(0) - y(b.value)} fill="#9cc3dc" />
              {b.part !== undefined && <rect x={x} y={y(b.part)} width={barW} height={y(0) - y(b.part)} fill="#00507a" />}
              <text x={x + barW / 2} y={height - pad.bottom + 16} text-anchor="middle" fill="#1b1f24">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="swatch light" aria-hidden="true" /> {legend.value}
        {legend.part && (
          <>
            {' '}
            <span class="swatch dark" aria-hidden="true" /> {legend.part}
          </>
        )}
      </figcaption>
    </figure>
  );
}

/** A horizontal bar per item, for counts such as the effects feedback had. */
export function HorizontalBars({ items, label }: { items: { label: string; value: number }[]; label: string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <table class="hbars">
      <caption class="visually-hidden">{label}</caption>
      <tbody>
        {items.map((i) => (
          <tr>
            <th scope="row">{i.label}</th>
            <td class="num">{i.value}</td>
            <td class="bar-cell" aria-hidden="true">
              <span class="hbar" style={`width:${Math.round((i.value / max) * 100)}%`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function niceStep(max: number): number {
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const n = raw / pow;
  return Math.max(1, (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * pow);
}

export interface ToneSplit {
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}

const toneOrder = ['negative', 'mixed', 'neutral', 'positive'] as const;

/**
 * One bar per row, split by tone: negative red first (where the eye starts), then mixed,
 * neutral and positive blue; red and blue stay apart for red-green colour blindness, and each tone
 * has its own pattern, so no one needs colour to tell them (WCAG 1.4.1). The numbers stand in the
 * same table beside the bar.
 */
export function ToneBars({
  caption,
  rows,
  toneLabels,
  columns,
}: {
  caption: string;
  rows: { label: ComponentChildren; count: number; share: string; tones: ToneSplit }[];
  toneLabels: Record<keyof ToneSplit, string>;
  columns: { label: string; count: string; share: string; split: string };
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <div>
      <p class="tone-legend" aria-hidden="true">
        {toneOrder.map((t) => (
          <span>
            <span class={`swatch tone-${t}`} /> {toneLabels[t]}
          </span>
        ))}
      </p>
      <table class="hbars tone-bars">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{columns.label}</th>
            <th scope="col">{columns.count}</th>
            <th scope="col">{columns.share}</th>
            {toneOrder.map((t) => (
              <th scope="col" class="num">
                <span class={`swatch tone-${t}`} aria-hidden="true" /> {toneLabels[t]}
              </th>
            ))}
            {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: the bar column repeats the numbers beside it for the eye; a header cell is not focusable */}
            <th scope="col" aria-hidden="true">
              {columns.split}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="num">{r.count}</td>
              <td class="num">{r.share}</td>
              {toneOrder.map((t) => (
                <td class="num">{r.tones[t]}</td>
              ))}
              <td class="bar-cell" aria-hidden="true">
                <span class="hbar-stack" style={`width:${Math.round((r.count / max) * 100)}%`}>
                  {toneOrder.map((t) =>
                    r.tones[t] > 0 ? <span class={`tone-${t}`} style={`flex-grow:${r.tones[t]}`} title={`${toneLabels[t]}: ${r.tones[t]}`} /> : null,
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
