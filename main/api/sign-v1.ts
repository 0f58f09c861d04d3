/**
 * v1 request signing, exactly as the contract documents it:
 *   X-SIGN = hex(HMAC-SHA256(secret, key + urlencode(sorted(payload.items()))))
 *
 * Encoding: the client follows the contract's Python sample (`urllib.parse.urlencode`, i.e. `quote_plus`):
 * space -> '+', only A-Z a-z 0-9 '_' '.' '-' '~' left as they are, everything else UTF-8 percent-encoded with
 * upper-case hex. Reasons: the Python sample is the contract's primary algorithm; it is what an
 * application/x-www-form-urlencoded body is on the wire, so the bytes signed are the bytes sent; and the
 * Node sample's `encodeURIComponent` differs from it only for space (%20 vs +) and ! ' ( ) * (left raw),
 * which a form decoder reads back identically either way. See `serializeV1PayloadUriComponent` for the
 * Node sample's variant (kept so tests can show the difference).
 */
import { createHmac } from 'node:crypto';

export type V1Payload = Readonly<Record<string, string | number | bigint>>;

/** Python's sort of str keys: by code point (JS's default sort compares UTF-16 units, which differs above U+FFFF). */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = (x.value as string).codePointAt(0) as number;
    const cy = (y.value as string).codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

const PY_EXTRA = /[!'()*]/g;
const PY_EXTRA_MAP: Record<string, string> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '*': '%2A' };

/** Python's `quote_plus` (safe='' and the unreserved set A-Za-z0-9_.-~). Throws URIError on lone surrogates. */
export function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(PY_EXTRA, (c) => PY_EXTRA_MAP[c] as string)
    .replace(/%20/g, '+');
}

function sortedKeys(payload: V1Payload): string[] {
  const keys = Object.keys(payload);
  // ASCII keys (all the contract's) sort the same either way; use code points only when needed.
  return keys.every(isAscii) ? keys.sort() : keys.sort(compareCodePoints);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The payload sorted by key and url-encoded as Python's urlencode does: the v1 form body and the signed text. */
export function serializeV1Payload(payload: V1Payload): string {
  const keys = sortedKeys(payload);
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (i > 0) out += '&';
    out += `${quotePlus(k)}=${quotePlus(String(payload[k]))}`;
  }
  return out;
}

/** The contract's Node sample: `key=encodeURIComponent(value)` joined by '&' (key not encoded). Not used on the wire. */
export function serializeV1PayloadUriComponent(payload: V1Payload): string {
  return sortedKeys(payload)
    .map((k) => `${k}=${encodeURIComponent(String(payload[k]))}`)
    .join('&');
}

/**
 * hex HMAC-SHA256 with `secret` over `apiKey` followed by the serialized payload. `payload` may be an
 * already-serialized body (so the signed text is byte-identical to the body sent). GETs sign `{}` (key only).
 */
export function signV1(apiKey: string, secret: string, payload: V1Payload | string): string {
  const body = typeof payload === 'string' ? payload : serializeV1Payload(payload);
  return createHmac('sha256', secret)
    .update(apiKey + body, 'utf8')
    .digest('hex');
}
