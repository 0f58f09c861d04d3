/**
 * Zod building blocks for exchange responses. The body was parsed with lossless-json, so numbers arrive as
 * LosslessNumber (exact literal text) or, where the exchange sends them quoted, as strings. Each primitive
 * accepts both and produces the domain form: canonical decimal strings, safe integers, epoch-ms times.
 */
import { isLosslessNumber } from 'lossless-json';
import { z } from 'zod';
import { canonicalDec, isNumericText } from '../decimal';
import { D } from '../decimal';
import { ApiError } from '../errors';

type Ctx = z.core.$RefinementCtx;

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (isLosslessNumber(v)) return (v as { value: string }).value;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'a list';
  return typeof v;
}

function fail(ctx: Ctx, v: unknown, expected: string): never {
  ctx.addIssue({ code: 'custom', message: `expected ${expected}, got ${describe(v)}` });
  return z.NEVER as never;
}

/** The numeric text of a LosslessNumber or numeric string; null when it is neither. */
function numText(v: unknown): string | null {
  if (isLosslessNumber(v)) return (v as { value: string }).value;
  if (typeof v === 'string') {
    const s = v.trim();
    return s !== '' && isNumericText(s) ? s : null;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

function empty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

export const zDec = z.any().transform((v, ctx) => {
  const t = numText(v);
  return t === null ? fail(ctx, v, 'a decimal number') : canonicalDec(t);
});

export const zDecOpt = z
  .any()
  .transform((v, ctx) => {
    if (empty(v)) return null;
    const t = numText(v);
    return t === null ? fail(ctx, v, 'a decimal number or nothing') : canonicalDec(t);
  })
  .default(null);

/** A decimal that is "0" when the exchange leaves it out or empty. */
export const zDecOr0 = z
  .any()
  .transform((v, ctx) => {
    if (empty(v)) return '0';
    const t = numText(v);
    return t === null ? fail(ctx, v, 'a decimal number') : canonicalDec(t);
  })
  .default('0');

function toInt(v: unknown): number | null {
  const t = numText(v);
  if (t === null || !/^[-+]?\d+(\.0*)?$/.test(t)) return null;
  const n = Number.parseInt(t, 10);
  return Number.isSafeInteger(n) ? n : null;
}

export const zInt = z.any().transform((v, ctx) => {
  const n = toInt(v);
  return n === null ? fail(ctx, v, 'an integer') : n;
});

export const zIntOpt = z
  .any()
  .transform((v, ctx) => {
    if (empty(v)) return null;
    const n = toInt(v);
    return n === null ? fail(ctx, v, 'an integer or nothing') : n;
  })
  .default(null);

const FAST_TIME = /^(\d+)(?:\.(\d+))?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch ms from seconds (v1 timestamps, candle times), milliseconds (v1 single order `date`) or RFC 3339 (v3).
 * A number below 1e11 is read as seconds (1e11 s is the year 5138; 1e11 ms is 1973).
 */
export function toEpochMs(v: unknown): number | null {
  if (typeof v === 'string' && RFC3339.test(v.trim())) {
    const ms = Date.parse(v.trim().replace(' ', 'T'));
    return Number.isFinite(ms) ? ms : null;
  }
  const t = numText(v);
  if (t === null) return null;
  const fast = FAST_TIME.exec(t);
  if (fast) {
    const int = fast[1] as string;
    const frac = fast[2] ?? '';
    if (int.length <= 11) {
      // seconds (below 1e11): ms = int * 1000 + the first three fraction digits, half-up on the fourth
      const ms3 = Number(`${frac}000`.slice(0, 3));
      const up = frac.length > 3 && frac.charCodeAt(3) - 48 >= 5 ? 1 : 0;
      const n = Number(int) * 1000 + ms3 + up;
      if (Number(int) < 1e11 && Number.isSafeInteger(n)) return n;
    } else if (frac === '' || /^0*$/.test(frac)) {
      const n = Number(int);
      if (Number.isSafeInteger(n)) return n;
    }
  }
  const x = new D(t);
  if (x.isNegative() || !x.isFinite()) return null;
  const ms = x.lessThan(1e11) ? x.times(1000) : x;
  const n = ms.toDecimalPlaces(0, D.ROUND_HALF_UP).toNumber();
  return Number.isSafeInteger(n) ? n : null;
}

export const zTime = z.any().transform((v, ctx) => {
  const t = toEpochMs(v);
  return t === null ? fail(ctx, v, 'a time (seconds, milliseconds or RFC 3339)') : t;
});

export const zTimeOpt = z
  .any()
  .transform((v, ctx) => {
    if (empty(v)) return null;
    const t = toEpochMs(v);
    return t === null ? fail(ctx, v, 'a time or nothing') : t;
  })
  .default(null);

export const zStr = z.any().transform((v, ctx) => (typeof v === 'string' ? v : fail(ctx, v, 'a string')));

/** A string that may be missing or empty ("may be empty" in the contract) -> null. */
export const zStrOpt = z
  .any()
  .transform((v, ctx) => {
    if (empty(v)) return null;
    return typeof v === 'string' ? v : fail(ctx, v, 'a string or nothing');
  })
  .default(null);

export const zBool = z.any().transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  const n = toInt(v);
  if (n === 0 || n === 1) return n === 1;
  return fail(ctx, v, 'true or false');
});

export const zBoolOpt = z
  .any()
  .transform((v, ctx) => {
    if (empty(v)) return null;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    const n = toInt(v);
    if (n === 0 || n === 1) return n === 1;
    return fail(ctx, v, 'true, false or nothing');
  })
  .default(null);

/** One of `values`, compared case-insensitively, returned in the listed spelling. */
export function zEnum<const T extends string>(values: readonly T[], what: string) {
  const byUpper = new Map(values.map((v) => [v.toUpperCase(), v] as const));
  return z.any().transform((v, ctx): T => {
    const hit = typeof v === 'string' ? byUpper.get(v.toUpperCase()) : undefined;
    return hit ?? fail(ctx, v, `${what} (${values.join(', ')})`);
  });
}

export const zIntList = z
  .array(zInt)
  .nullish()
  .transform((v) => v ?? [])
  .default([]);

/** `orders[3].price` from a zod path under a root name. */
export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let s = root;
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return s;
}

/** Validates `body` against `schema`; a mismatch is an ApiError 'malformed' naming the first bad field. */
export function validate<S extends z.ZodType>(schema: S, body: unknown, root: string, operation: string): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = fieldPath(root, issue?.path ?? []);
  const why = issue
    ? issue.code === 'invalid_type'
      ? `expected ${issue.expected === 'nonoptional' ? 'a value, got nothing (missing)' : issue.expected}`
      : issue.message
    : 'invalid';
  throw new ApiError({
    kind: 'malformed',
    operation,
    status: null,
    field,
    message: `${operation}: malformed response from the exchange: ${field}: ${why}`,
  });
}

/** Like zEnum, but missing, null or "" -> null. */
export function zEnumOpt<const T extends string>(values: readonly T[], what: string) {
  const byUpper = new Map(values.map((v) => [v.toUpperCase(), v] as const));
  return z
    .any()
    .transform((v, ctx): T | null => {
      if (empty(v)) return null;
      const hit = typeof v === 'string' ? byUpper.get(v.toUpperCase()) : undefined;
      return hit ?? fail(ctx, v, `${what} (${values.join(', ')}) or nothing`);
    })
    .default(null);
}

/** An order's type and time in force, spelled alike by the documented v3 and today's exchange. */
export const zOrderType = zEnum(['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET', 'STOP'] as const, 'an order type');
export const zTif = zEnumOpt(['GTC', 'IOC', 'FOK', 'AON'] as const, 'a time in force');
