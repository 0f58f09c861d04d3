import type { IncomingMessage, ServerResponse } from 'node:http';
import { LosslessNumber, isLosslessNumber, parse as parseLossless, stringify } from 'lossless-json';
import { ExchangeError } from '../errors';
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

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = stringify(body) ?? 'null';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function sendError(res: ServerResponse, status: number, message: string, now: number): void {
  sendJson(res, status, { date: num((now / 1000).toFixed(6)), error: message });
}

export interface ParsedBody {
  raw: Buffer;
  /** Params as strings (numbers keep their literal text, booleans "true"/"false"); for v1 signing and forms. */
  params: Record<string, string>;
  /** The JSON value with numbers as their literal text, for v3 schemas; null for forms / empty bodies. */
  json: unknown;
}

const MAX_BODY = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) throw new ExchangeError(400, 'Request body too large');
    chunks.push(b);
  }
  const raw = Buffer.concat(chunks);
  const text = raw.toString('utf8');
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (text.trim() === '') return { raw, params: {}, json: null };
  const looksJson = type.includes('application/json') || (!type.includes('form-urlencoded') && /^\s*[[{]/.test(text));
  if (looksJson) {
    let parsed: unknown;
    try {
      parsed = literalNumbers(parseLossless(text));
    } catch {
      throw new ExchangeError(400, 'Body is not valid JSON');
    }
    const params: Record<string, string> = {};
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed)) {
        if (v === null || v === undefined) continue;
        params[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
      }
    }
    return { raw, params, json: parsed };
  }
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) params[k] = v;
  return { raw, params, json: null };
}

/** Replaces lossless numbers by their literal text, recursively. */
function literalNumbers(v: unknown): unknown {
  if (isLosslessNumber(v)) return (v as LosslessNumber).value;
  if (Array.isArray(v)) return v.map(literalNumbers);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = literalNumbers(x);
    return out;
  }
  return v;
}
