import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 hex, as every ALP signature. */
export function hmacHex(secret: string, message: string | Buffer): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

export function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Python's urllib.parse.quote_plus: only A-Za-z0-9 _ . - ~ stay raw, space -> '+', uppercase hex. */
export function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * The payloads a v1 client may have signed for these params (sorted by key): Python's urlencode and the
 * Node sample's `key=encodeURIComponent(value)` joined by '&'. Either is accepted.
 */
export function v1SignedPayloads(params: Record<string, string>): string[] {
  const keys = Object.keys(params).sort();
  const python = keys.map((k) => `${quotePlus(k)}=${quotePlus(params[k] as string)}`).join('&');
  const node = keys.map((k) => `${k}=${encodeURIComponent(params[k] as string)}`).join('&');
  return python === node ? [python] : [python, node];
}

export function verifyV1Signature(key: string, secret: string, params: Record<string, string>, sign: string): boolean {
  return v1SignedPayloads(params).some((p) => safeEqualHex(hmacHex(secret, key + p), sign));
}

/** `a > b` for non-negative decimal integer strings of any length. */
export function nonceGreater(a: string, b: string): boolean {
  return BigInt(a) > BigInt(b);
}

interface TokenClaims {
  sub: number;
  key: string;
  iat: number;
  exp: number;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** HS256 JWTs for v3, signed with a per-server random key (tokens do not survive a restart, by design). */
export class TokenIssuer {
  private readonly signingKey = randomBytes(32);

  constructor(private readonly ttlMs: number) {}

  issue(accountId: number, apiKey: string, now: number): { token: string; expiresAt: number } {
    const exp = Math.floor((now + this.ttlMs) / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(
      JSON.stringify({ sub: accountId, key: apiKey, iat: Math.floor(now / 1000), exp } satisfies TokenClaims),
    );
    const sig = createHmac('sha256', this.signingKey).update(`${header}.${body}`).digest('base64url');
    return { token: `${header}.${body}.${sig}`, expiresAt: exp * 1000 };
  }

  /** Returns the claims of a valid, unexpired token, else null. */
  verify(token: string, now: number): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, body, sig] = parts as [string, string, string];
    const expected = createHmac('sha256', this.signingKey).update(`${header}.${body}`).digest('base64url');
    const a = Buffer.from(sig);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
      if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
      return claims;
    } catch {
      return null;
    }
  }
}
