import type { IncomingMessage, ServerResponse } from 'node:http';
import { LosslessNumber, isLosslessNumber, parse as parseLossless, stringify } from 'lossless-json';
import type { Dec } from '../money';

/** A JSON number literal written exactly as given (money never passes through a float). */
export function num(text: string): LosslessNumber {
  return new LosslessNumber(text);
}

/** v1 money: 8 decimals, as the contract's samples. */
export function v1Num(d: Dec, places = 8): LosslessNumber {
  return num(d.toFixed(places));
}

/** v3 money: the plain decimal. */
export function v3Num(d: Dec): LosslessNumber {
  return num(d.toFixed());
}

export function rfc3339(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : '';
}

export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = stringify(body) ?? 'null';
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    // The request was not read to its end: the connection cannot carry another one.
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** The documented dialect's error body: `{"date": <seconds>, "error": "..."}`. */
export function errorBody(message: string, now: number): string {
  return stringify({ date: num((now / 1000).toFixed(6)), error: message }) ?? '';
}

export function sendError(res: ServerResponse, status: number, message: string, now: number, close = false): void {
  sendJson(res, status, { date: num((now / 1000).toFixed(6)), error: message }, close);
}

/**
 * A refusal of the request itself (its bytes, size or timing) rather than of what it asks: any 4xx status.
 * `close` says the connection cannot be reused (the body was not read to its end).
 */
export class WireError extends Error {
  constructor(
    readonly status: 400 | 405 | 408 | 413 | 431,
    message: string,
    readonly close = false,
  ) {
    super(message);
  }
}

export interface ParsedBody {
  raw: Buffer;
  /** Params as strings (numbers keep their literal text, booleans "true"/"false"); for v1 signing and forms. */
  params: Record<string, string>;
  /** The JSON value with numbers as their literal text, for v3 schemas; null for forms / empty bodies. */
  json: unknown;
}

export interface BodyLimits {
  maxBytes: number;
  /** The whole body must have arrived this long after the request's headers. */
  timeoutMs: number;
}

/** Keys that would reach an object's prototype if an object were built from them naively. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function refuseKey(key: string, where: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw new WireError(400, `Invalid ${where}: key "${key}" is not allowed`);
}

/** Reads the whole body within the size and time limits, then parses it (JSON or form). */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<ParsedBody> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limits.maxBytes)
    throw new WireError(413, `Request body too large: at most ${limits.maxBytes} bytes`, true);
  const raw = await collect(req, limits);
  return parseBody(raw, String(req.headers['content-type'] ?? '').toLowerCase());
}

function collect(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (e: WireError | null): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
      if (e === null) resolve(Buffer.concat(chunks));
      else {
        // Whatever else arrives is discarded, so the answer can still be written before the socket closes.
        req.resume();
        reject(e);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes)
        done(new WireError(413, `Request body too large: at most ${limits.maxBytes} bytes`, true));
      else chunks.push(chunk);
    };
    const onEnd = (): void => done(null);
    const onError = (): void => done(new WireError(400, 'Request body was cut off', true));
    const timer = setTimeout(
      () => done(new WireError(408, `Request body not received within ${limits.timeoutMs} ms`, true)),
      limits.timeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}

function parseBody(raw: Buffer, type: string): ParsedBody {
  const text = raw.toString('utf8');
  if (text.trim() === '') return { raw, params: Object.create(null), json: null };
  const looksJson = type.includes('application/json') || (!type.includes('form-urlencoded') && /^\s*[[{]/.test(text));
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = parseLossless(text);
    } catch {
      throw new WireError(400, 'Invalid body: not valid JSON');
    }
    const json = literalNumbers(parsed);
    const params: Record<string, string> = Object.create(null);
    if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
      for (const [k, v] of Object.entries(json)) {
        if (v === null || v === undefined) continue;
        params[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
      }
    }
    return { raw, params, json };
  }
  const params: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(text)) {
    refuseKey(k, 'body');
    params[k] = v;
  }
  return { raw, params, json: null };
}

/**
 * Replaces lossless numbers by their literal text, recursively, into null-prototype objects: nothing in a body
 * is ever read through a prototype, and prototype keys are refused outright.
 */
function literalNumbers(v: unknown): unknown {
  if (isLosslessNumber(v)) return v.value;
  if (Array.isArray(v)) return v.map(literalNumbers);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(v)) {
      refuseKey(k, 'body');
      out[k] = literalNumbers(x);
    }
    return out;
  }
  return v;
}

/** Path and query of a request target, decoded strictly: a malformed %-escape is a 400 naming the part. */
export interface Target {
  /** Raw path without trailing slash (route patterns match it; captured segments are decoded on use). */
  path: string;
  query: Record<string, string>;
}

export function parseTarget(url: string | undefined): Target {
  const target = url ?? '/';
  // Origin form only (`/path?query`): absolute or authority forms are not for this server.
  if (!target.startsWith('/')) throw new WireError(400, 'Invalid path: must start with /');
  const q = target.indexOf('?');
  const rawPath = (q < 0 ? target : target.slice(0, q)).split('#')[0] ?? '';
  const rawQuery = q < 0 ? '' : (target.slice(q + 1).split('#')[0] ?? '');
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') || '/' : rawPath;
  const query: Record<string, string> = Object.create(null);
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq), 'query parameter name');
    query[key] = decodeComponent(eq < 0 ? '' : part.slice(eq + 1), `query parameter ${key}`);
  }
  return { path, query };
}

/** Decodes one %-escaped query component (`+` is a space, as in forms); names the part when it is malformed. */
function decodeComponent(text: string, part: string): string {
  return decodePathSegment(text.replace(/\+/g, ' '), part);
}

/** Decodes one %-escaped path segment; names the part when it is malformed (never a 500). */
export function decodePathSegment(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new WireError(400, `Invalid ${part}: malformed %-escape`);
  }
}
