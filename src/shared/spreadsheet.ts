import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null | undefined;

/**
 * A cell a spreadsheet program will not run: text starting with = + - @ (or a tab or carriage
 * return) would be read as a formula, so it gets a leading apostrophe (OWASP "CSV injection").
 */
function safeText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

const helsinkiParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Times are written as Helsinki wall-clock time: spreadsheets have no time zones. */
function helsinki(d: Date): { text: string; wallClock: Date } {
  const p = Object.fromEntries(helsinkiParts.formatToParts(d).map((x) => [x.type, x.value]));
  return {
    text: `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`,
    wallClock: new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute))),
  };
}

/** CSV for Excel in Finland and elsewhere: UTF-8 with a byte-order mark, comma-separated, CRLF. */
export function toCsv(header: string[], rows: Cell[][]): string {
  const cell = (v: Cell) => {
    if (v === null || v === undefined) return '';
    const s = v instanceof Date ? helsinki(v).text : typeof v === 'string' ? safeText(v) : String(v);
    return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `\ufeff${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** One worksheet with a bold, frozen header row and dates as real dates. */
export async function toXlsx(sheetName: string, header: string[], rows: Cell[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Kaiku';
  const sheet = book.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(header).font = { bold: true };
  for (const r of rows) sheet.addRow(r.map((v) => (typeof v === 'string' ? safeText(v) : v instanceof Date ? helsinki(v).wallClock : (v ?? null))));
  sheet.columns.forEach((c, i) => {
    c.width = Math.min(60, Math.max(10, header[i]!.length + 2));
    if (rows.some((r) => r[i] instanceof Date)) c.numFmt = 'yyyy-mm-dd hh:mm';
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
