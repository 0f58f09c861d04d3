/**
 * What one request is (`Op`), the builders every operation module uses, and the operation table per API
 * dialect: which `AlpClient` operations a dialect offers. An operation a dialect lacks fails `unsupported`
 * with the reason before anything touches the wire; the UI asks `supports()` to hide or disable it.
 */
import { stringify } from 'lossless-json';
import { z } from 'zod';
import type { ApiDialect } from '../../preload/domain';
import { ApiError } from './errors';
import { PRIORITY, type Priority } from './rate-limiter';
import { quotePlus } from './sign-v1';
import type { AlpClient } from './types';

export type Method = 'GET' | 'POST' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Op {
  name: string;
  method: Method;
  path: string;
  query?: Query;
  auth: 'public' | 'v1' | 'v3';
  priority: Priority;
  /** v1 POST form fields (sorted, url-encoded, signed). */
  form?: Record<string, string>;
  /** v3 body, already serialised JSON. */
  json?: string;
  /** Order creation: stamp a server-side deadline on the request at the moment it is sent (see stampValidTill). */
  validTill?: ValidTillStamp;
  /** Only idempotent reads are retried after network errors, timeouts and 5xx. */
  idempotent: boolean;
}

/**
 * `valid_till` = the moment the request is signed and sent + the client's timeout, so a request that reaches the
 * exchange after the client gave up on it is refused there. v3 takes it in its JSON body (built from `v3Body` at
 * send time, since X-SIGN covers the body), v1 as a signed form field. `at` records the deadline last sent.
 */
export interface ValidTillStamp {
  v3Body?: Record<string, unknown>;
  at: number | null;
}

export function publicGet(name: string, path: string, query?: Query): Op {
  return {
    name,
    method: 'GET',
    path,
    ...(query ? { query } : {}),
    auth: 'public',
    priority: PRIORITY.read,
    idempotent: true,
  };
}

export function v1Get(name: string, path: string, query?: Query, priority: Priority = PRIORITY.read): Op {
  return { name, method: 'GET', path, ...(query ? { query } : {}), auth: 'v1', priority, idempotent: true };
}

export function v3Get(name: string, path: string, query?: Query, priority: Priority = PRIORITY.read): Op {
  return { name, method: 'GET', path, ...(query ? { query } : {}), auth: 'v3', priority, idempotent: true };
}

/** The priority of a read: `awaited` when the trader is waiting to see it. */
export function readPriority(urgent: boolean | undefined): Priority {
  return urgent ? PRIORITY.awaited : PRIORITY.read;
}

export function v3Write(name: string, method: 'POST' | 'DELETE', path: string, body: unknown, priority: Priority): Op {
  return { name, method, path, json: stringify(body) as string, auth: 'v3', priority, idempotent: false };
}

export function buildQuery(q: Query | undefined): string {
  if (!q) return '';
  let out = '';
  for (const k of Object.keys(q)) {
    const v = q[k];
    if (v === undefined || v === null || v === '') continue;
    out += `${out ? '&' : '?'}${quotePlus(k)}=${quotePlus(String(v))}`;
  }
  return out;
}

/** Array schemas built once per item schema (building a zod schema costs more than running it). */
const arrays = new WeakMap<z.ZodType, z.ZodArray<z.ZodType>>();
export function arrayOf<S extends z.ZodType>(item: S): z.ZodArray<S> {
  const known = arrays.get(item);
  if (known) return known as z.ZodArray<S>;
  const a = z.array(item);
  arrays.set(item, a);
  return a;
}

export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

export function validationError(operation: string, message: string, field?: string): ApiError {
  return new ApiError({ kind: 'validation', operation, message, ...(field ? { field } : {}) });
}

export function posInt(operation: string, field: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 0)
    throw validationError(operation, `${field} must be a whole number >= 0 (got ${v}).`, field);
  return v;
}

/** The client's operations (its methods that talk to an exchange). */
export type OperationName = Parameters<AlpClient['supports']>[0];

/**
 * Per dialect, the operations it lacks and why (everything else is offered). The current dialect maps the
 * documented v1 operations onto v3 where today's exchange has an equivalent (wallets -> balances, own orders ->
 * v3 order reads, limit order -> v3 order, ...), so only what has no equivalent at all is missing.
 */
export const UNSUPPORTED: Record<ApiDialect, Partial<Record<OperationName, string>>> = {
  documented: {
    walletAddresses: 'Deposit addresses are not yet offered by the exchange (the API lists them as "coming soon").',
    withdraw: 'Withdrawals are not yet offered by the exchange API (listed as "coming soon").',
  },
  current: {
    deposits: "Today's ALP.COM API has no deposit history (it was a v1 call, and v1 is shut down).",
    withdraws: "Today's ALP.COM API has no withdrawal history (it was a v1 call, and v1 is shut down).",
    walletAddresses: "Deposit addresses are not offered by today's ALP.COM API.",
    withdraw: "Withdrawals are not offered by today's ALP.COM API.",
  },
};

/** Why `dialect` lacks `operation`, or null when it offers it. */
export function unsupportedReason(dialect: ApiDialect, operation: OperationName): string | null {
  return UNSUPPORTED[dialect][operation] ?? null;
}

/** Throws `unsupported` (before the wire) when the dialect lacks the operation. */
export function requireOperation(dialect: ApiDialect, operation: OperationName): void {
  const why = unsupportedReason(dialect, operation);
  if (why !== null) throw new ApiError({ kind: 'unsupported', operation, message: why });
}
