/**
 * One HTTP exchange with a deadline, and the mapping of its outcome to the client's error kinds.
 * Bodies are parsed losslessly (`lossless-json`): every numeric literal keeps its exact text as a LosslessNumber.
 */
import { parse } from 'lossless-json';
import { ApiError } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  text: string;
}

/**
 * The exchange refused the connection (ECONNREFUSED): not one byte of the request left this machine, so it
 * certainly did nothing. The only network failure after which an order is known not to exist without looking.
 */
export class ConnectionRefusedError extends ApiError {
  readonly nothingSent = true;
}

/** True when the request was never sent (see ConnectionRefusedError). */
export function nothingSent(e: unknown): boolean {
  return e instanceof ConnectionRefusedError;
}

/**
 * Sends one request; rejects with ApiError 'timeout' or 'network' (never anything else).
 *
 * The deadline is a timer raced against the exchange, not an AbortSignal: in Node 20's fetch a signal costs
 * about as much as the rest of the client together (measured in test/bench/client.bench.ts). A request that
 * times out is abandoned: its late answer, if any, is read and discarded. Aborting would not un-send it either.
 */
export function send(fetchImpl: typeof fetch, req: HttpRequest, operation: string): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      reject(
        new ApiError({
          kind: 'timeout',
          operation,
          message: `${operation}: no answer from the exchange within ${req.timeoutMs} ms`,
        }),
      );
    }, req.timeoutMs);
    const init: RequestInit = { method: req.method, headers: req.headers };
    if (req.body !== undefined) init.body = req.body;
    let p: Promise<Response>;
    try {
      p = fetchImpl(req.url, init);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(async (res) => {
      if (done) {
        res.body?.cancel().catch(() => undefined);
        return;
      }
      const text = await res.text();
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ status: res.status, text });
    }).catch((e: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const cause = e as { cause?: { code?: string; message?: string }; message?: string };
      const detail = cause.cause?.code ?? cause.cause?.message ?? cause.message ?? 'connection failed';
      const init = {
        kind: 'network' as const,
        operation,
        message: `${operation}: could not reach the exchange (${detail})`,
      };
      reject(cause.cause?.code === 'ECONNREFUSED' ? new ConnectionRefusedError(init) : new ApiError(init));
    });
  });
}

/** Parses a JSON body losslessly; undefined for an empty body; throws 'malformed' for anything that is not JSON. */
export function parseBody(text: string, operation: string, status: number): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parse(text);
  } catch {
    throw new ApiError({
      kind: 'malformed',
      operation,
      status,
      message: `${operation}: the exchange answered with something that is not JSON (HTTP ${status})`,
    });
  }
}

/** The exchange's error text, when the body carries one ({"error": "..."}); a body with `error` is a failure. */
export function exchangeError(body: unknown): string | null {
  if (body && typeof body === 'object' && !Array.isArray(body) && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (e === null || e === undefined || e === false || e === '') return null;
    return typeof e === 'string' ? e : JSON.stringify(e);
  }
  return null;
}

/** Maps a failed HTTP answer to an ApiError. */
export function httpError(status: number, body: unknown, text: string, operation: string): ApiError {
  const msg = exchangeError(body) ?? (text.length > 0 && text.length < 300 ? text.trim() : `HTTP ${status}`);
  const base = { operation, status, exchangeMessage: msg };
  if (status === 401 || status === 403) {
    if (/nonce/i.test(msg))
      return new ApiError({ ...base, kind: 'nonce', message: `${operation}: nonce rejected: ${msg}` });
    return new ApiError({ ...base, kind: 'auth', message: `${operation}: authentication failed: ${msg}` });
  }
  if (status === 429) return new ApiError({ ...base, kind: 'rate_limit', message: `${operation}: rate limit: ${msg}` });
  if (status === 501) {
    return new ApiError({
      ...base,
      kind: 'unsupported',
      message: `${operation}: not yet offered by the exchange: ${msg}`,
    });
  }
  if (status >= 500)
    return new ApiError({ ...base, kind: 'network', message: `${operation}: exchange error (HTTP ${status}): ${msg}` });
  return new ApiError({ ...base, kind: 'rejected', message: `${operation}: rejected by the exchange: ${msg}` });
}
