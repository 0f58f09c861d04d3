/**
 * CSV writing (RFC 4180): one header row, CRLF line ends, UTF-8 without a byte-order mark. A cell is quoted when
 * it holds a comma, a double quote (doubled inside), CR or LF, or starts or ends with a space.
 *
 * Formula-injection guard: a TEXT cell that starts with = + - @, a tab or CR is prefixed with a single quote
 * ('), so a spreadsheet shows it as text instead of running it. Number and time cells are checked against their
 * format instead (a decimal literal, an integer, an ISO 8601 time) and written as they are, so a negative P&L
 * "-5.00" stays a number.
 */

export type CellKind = 'text' | 'dec' | 'int' | 'time' | 'bool';
export type Cell = string | number | boolean | null;

export interface Column<T> {
  /** The header, snake_case. */
  name: string;
  kind: CellKind;
  get: (row: T) => Cell;
}

const DEC = /^-?\d+(\.\d+)?$/;
const INT = /^-?\d+$/;
const NEEDS_QUOTES = /[",\r\n]|^ | $/;
const FORMULA_START = /^[=+\-@\t\r]/;

export class CsvError extends Error {}

/** An epoch-ms time as ISO 8601 UTC with milliseconds, e.g. 2026-01-02T03:04:05.000Z. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}

function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCell(kind: CellKind, value: Cell, column: string): string {
  if (value === null || value === '') return '';
  switch (kind) {
    case 'dec': {
      const s = String(value);
      if (!DEC.test(s)) throw new CsvError(`${column}: "${s}" is not a decimal number`);
      return s;
    }
    case 'int': {
      const s = String(value);
      if (!INT.test(s)) throw new CsvError(`${column}: "${s}" is not an integer`);
      return s;
    }
    case 'time':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new CsvError(`${column}: not a time`);
      return isoUtc(value);
    case 'bool':
      return value ? 'true' : 'false';
    default: {
      const s = String(value);
      return quote(FORMULA_START.test(s) ? `'${s}` : s);
    }
  }
}

/** The whole file: header, then one line per row, every line ending in CRLF. */
export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = new Array<string>(rows.length + 1);
  lines[0] = columns.map((c) => quote(c.name)).join(',');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as T;
    let line = '';
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j] as Column<T>;
      if (j > 0) line += ',';
      line += formatCell(c.kind, c.get(row), c.name);
    }
    lines[i + 1] = line;
  }
  return `${lines.join('\r\n')}\r\n`;
}
