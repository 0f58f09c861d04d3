import { z } from 'zod';
import { findPair } from '../../market';
import { dec } from '../../money';
import type { Side, WalletType } from '../../state';
import { formError } from './errors';

/**
 * Request vocabulary of today's exchange. Where its docs and its official client spell a value differently,
 * both spellings are accepted (and mapped to the core's one).
 */
export const sideIn = z
  .enum(['BUY', 'SELL', 'BID', 'ASK', 'buy', 'sell', 'bid', 'ask'])
  .transform((s): Side => (s.toUpperCase() === 'BUY' || s.toUpperCase() === 'BID' ? 'BUY' : 'SELL'));

const WALLET_SPELLINGS: Record<string, WalletType> = {
  SPOT: 'SPOT',
  CROSS_MARGIN: 'CROSS_MARGIN',
  MARGIN_CROSS: 'CROSS_MARGIN',
  ISOLATED_MARGIN: 'ISOLATED_MARGIN',
  MARGIN_ISOLATED: 'ISOLATED_MARGIN',
};
export const walletTypeIn = z
  .enum(['SPOT', 'CROSS_MARGIN', 'MARGIN_CROSS', 'ISOLATED_MARGIN', 'MARGIN_ISOLATED'])
  .transform((w): WalletType => WALLET_SPELLINGS[w] as WalletType);
export const marginWalletIn = z
  .enum(['CROSS_MARGIN', 'MARGIN_CROSS', 'ISOLATED_MARGIN', 'MARGIN_ISOLATED'])
  .transform((w) => WALLET_SPELLINGS[w] as 'CROSS_MARGIN' | 'ISOLATED_MARGIN');

export const pairIn = z
  .string()
  .regex(/^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/, 'must be a pair symbol like BTC_USD')
  .refine((p) => findPair(p) !== undefined, 'is not traded on this exchange');
export const currencyIn = z.string().regex(/^[A-Z0-9]{2,10}$/, 'must be a currency symbol like BTC');

/**
 * A non-negative decimal from JSON (numbers arrive as their literal text) or a string. Python clients send
 * floats, which JSON may write with an exponent (`1e-05`): read exactly and written out in plain decimals.
 */
export const decimalIn = z
  .string()
  .regex(/^\d+(\.\d+)?([eE][+-]?\d{1,3})?$/, 'must be a non-negative decimal number')
  .transform((s) => dec(s).toFixed());
/** Optional money where 0 / "" mean "not set". */
export const moneyIn = z
  .union([decimalIn, z.literal('')])
  .optional()
  .transform((v) => (v === undefined || v === '' || dec(v).isZero() ? undefined : v));

export const intIn = z
  .union([z.string().regex(/^\d{1,15}$/, 'must be a non-negative integer'), z.number().int().nonnegative()])
  .transform(Number);
export const boolIn = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'True', 'False'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'True');

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** A time as unix seconds (the docs) or ISO 8601 (what the official client sends); epoch ms out. */
export const timeIn = z
  .string()
  .refine((s) => /^\d{1,12}(\.\d+)?$/.test(s) || ISO.test(s), 'must be unix seconds or ISO 8601')
  .transform((s) => {
    if (/^\d{1,12}(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
    return Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  })
  .refine((t) => Number.isFinite(t), 'is not a valid time');

/** The official client's "never" for `expire_after`; answers use it when an order has no expiry. */
export const NEVER_ISO = '3000-01-01T00:00:00Z';
export const NEVER_MS = Date.parse(NEVER_ISO);

/** ISO 8601 answer times; `fallback` for an unset (0) time so that no answer ever carries null or "". */
export function isoTime(ms: number, fallback: string): string {
  return ms > 0 ? new Date(ms).toISOString() : fallback;
}

/** Both ends of a history window, in epoch ms (from inclusive, to exclusive). */
export function window(start: number | undefined, end: number | undefined): { from: number; to: number } {
  const from = start ?? Number.NEGATIVE_INFINITY;
  const to = end ?? Number.POSITIVE_INFINITY;
  if (to < from) throw formError('end_time', 'must not be before start_time');
  return { from, to };
}
