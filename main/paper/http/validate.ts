import { z } from 'zod';
import { ExchangeError } from '../errors';

/** Parses at the boundary; the first problem becomes a 400 naming the field. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'request' : issue.path.join('.');
  throw new ExchangeError(400, `Invalid ${field}: ${issue?.message ?? 'bad value'}`);
}

/**
 * Decimal text as money arrives: digits, an optional fraction. Bounded in length so no value can outgrow the
 * 40-digit decimal arithmetic (the engine's own integer range is checked per pair by `scaledFits`).
 */
const DECIMAL = /^\d{1,24}(\.\d{1,24})?$/;
const DECIMAL_MESSAGE = 'must be a non-negative decimal number (at most 24 digits before and after the point)';
export const decimalText = z.string().regex(DECIMAL, DECIMAL_MESSAGE);
export const optionalDecimal = z.string().regex(DECIMAL, DECIMAL_MESSAGE).optional();

/** A non-negative integer that is exact in a JS number (ids, offsets, timestamps). */
export const intText = z
  .string()
  .regex(/^\d{1,16}$/, 'must be a non-negative integer')
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n), `must be at most ${Number.MAX_SAFE_INTEGER}`);

/** A page size or count: a non-negative integer up to `max`, so no request can ask for an unbounded walk. */
export function countText(max: number) {
  return z
    .string()
    .regex(/^\d{1,16}$/, 'must be a non-negative integer')
    .transform(Number)
    .refine((n) => n <= max, `must be at most ${max}`);
}

export const boolText = z
  .enum(['true', 'false', '1', '0', 'True', 'False'])
  .transform((v) => v === 'true' || v === '1' || v === 'True');
export const pairName = z.string().regex(/^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/, 'must be a pair symbol like BTC_USD');

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/i;
/** Years a timestamp may name: from the Unix epoch to the last 4-digit year (no negative or 5-digit times). */
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * RFC 3339 -> epoch ms, or null when the text is not a real calendar instant. Checked field by field, because
 * `Date.parse` rolls `2099-02-31` over to March and turns `9999-99-99` into NaN.
 */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (year === undefined || month === undefined || day === undefined) return null;
  if (hour === undefined || minute === undefined || second === undefined) return null;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0${m[7]}`) * 1000);
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
  return Number.isFinite(t) && t >= 0 ? t : null;
}

const RFC3339_MESSAGE = `must be an RFC 3339 date between ${MIN_YEAR} and ${MAX_YEAR}, e.g. 2006-01-02T15:04:05Z`;

/** RFC 3339 (`2006-01-02T15:04:05Z07:00`) -> epoch ms; only calendar dates from 1970 to 9999. */
export const rfc3339Text = z.string().transform((s, ctx) => {
  const t = parseRfc3339(s);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: RFC3339_MESSAGE });
    return z.NEVER;
  }
  return t;
});

/** An optional RFC 3339 field where `""` means "not set" (expire_after, valid_till) -> epoch ms or undefined. */
export const rfc3339OrEmpty = z.string().transform((s, ctx) => {
  if (s === '') return undefined;
  const t = parseRfc3339(s);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: RFC3339_MESSAGE });
    return z.NEVER;
  }
  return t;
});

/** Unix ms (digits) or RFC 3339 -> epoch ms, `""` -> not set: the v1 `valid_till` reading. */
export const instantText = z.string().transform((s, ctx) => {
  if (s === '') return undefined;
  const t = /^\d{1,15}$/.test(s) ? Number(s) : parseRfc3339(s);
  if (t === null) {
    ctx.addIssue({ code: 'custom', message: 'must be unix milliseconds or an RFC 3339 date' });
    return z.NEVER;
  }
  return t;
});

/**
 * The `valid_till` of a body when it is well formed and set, else undefined: a malformed one is left for the
 * route's own schema to refuse (after authentication), so the early deadline check never pre-empts auth.
 */
export function deadlineOf(data: unknown, reading: typeof rfc3339OrEmpty | typeof instantText): number | undefined {
  if (data === null || typeof data !== 'object' || !('valid_till' in data)) return undefined;
  const r = reading.safeParse(data.valid_till);
  return r.success ? r.data : undefined;
}

/**
 * True when the decimal text, scaled to `decimals` places, is an integer the engine can hold (a safe integer).
 * Refusing at the boundary means a price like 100000000000000 never reaches the core.
 */
export function scaledFits(text: string, decimals: number): boolean {
  const dot = text.indexOf('.');
  const whole = (dot < 0 ? text : text.slice(0, dot)).replace(/^0+(?=\d)/, '');
  const fraction = dot < 0 ? '' : text.slice(dot + 1).replace(/0+$/, '');
  if (fraction.length > decimals) return true; // too many decimals: the core says so, naming the field
  const digits = BigInt(whole + fraction.padEnd(decimals, '0'));
  return digits <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** Refuses a money field whose scaled value is beyond the engine's integer range, naming the field. */
export function checkScaled(field: string, text: string | undefined, decimals: number): void {
  if (text === undefined || text === '' || scaledFits(text, decimals)) return;
  const digits = String(Number.MAX_SAFE_INTEGER);
  const max = decimals === 0 ? digits : `${digits.slice(0, -decimals) || '0'}.${digits.slice(-decimals)}`;
  throw new ExchangeError(400, `Invalid ${field}: must be at most ${max}`);
}

const DAY = 86_400_000;

/** The v3 history window: at most 30 days; one bound missing -> 30 days from the other; none -> last 30 days. */
export function historyWindow(
  start: number | undefined,
  end: number | undefined,
  now: number,
): { from: number; to: number } {
  let from = start;
  let to = end;
  if (from === undefined && to === undefined) {
    to = now + 1; // end is exclusive: include what happened at `now`
    from = to - 30 * DAY;
  } else if (from === undefined) from = (to as number) - 30 * DAY;
  else if (to === undefined) to = from + 30 * DAY;
  if ((to as number) - from > 30 * DAY) throw new ExchangeError(400, 'Interval must not exceed 30 days');
  if ((to as number) < from) throw new ExchangeError(400, 'end_time must not be before start_time');
  return { from, to: to as number };
}
