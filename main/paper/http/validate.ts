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

export const decimalText = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number');
export const optionalDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number')
  .optional();
export const intText = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);
export const boolText = z
  .enum(['true', 'false', '1', '0', 'True', 'False'])
  .transform((v) => v === 'true' || v === '1' || v === 'True');
export const pairName = z.string().regex(/^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/, 'must be a pair symbol like BTC_USD');

/** RFC 3339 (`2006-01-02T15:04:05Z07:00`) -> epoch ms. */
export const rfc3339Text = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    'must be RFC 3339, e.g. 2006-01-02T15:04:05Z',
  )
  .transform((s) => Date.parse(s));

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
