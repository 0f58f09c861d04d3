/**
 * v3 authentication — the contract says only that the key and secret must be "included" with every call.
 * The reading implemented (from the exchange's later documentation, see ../shared/alp-api-notes.md), kept in
 * this one module so it can change in one place:
 *   1. POST /api/v3/auth with JSON {"api_key","api_secret"} returns a JWT: a bare JSON string (today's
 *      exchange) or an object with `token` and `expires_at` (the earlier reading); both are read.
 *   2. Every private v3 call sends `Authorization: Bearer <token>`.
 *   3. A request with a body also sends X-SIGN = hex(HMAC-SHA256(secret, raw body bytes)).
 * The token lives in memory only, is refreshed shortly before its `exp` claim, and once more after a 401.
 */
import { createHmac } from 'node:crypto';

export interface TokenGrant {
  token: string;
  /** Epoch ms; from the JWT's `exp` claim, else the response's `expires_at`, else null (refresh after 401 only). */
  expiresAt: number | null;
}

/** The headers of one private v3 request. The single place that decides what "include key and secret" means. */
export function v3AuthHeaders(token: string, secret: string, body: string | undefined): Record<string, string> {
  const h: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) h['X-SIGN'] = createHmac('sha256', secret).update(body, 'utf8').digest('hex');
  return h;
}

/** Body of POST /api/v3/auth. */
export function v3AuthRequestBody(apiKey: string, secret: string): string {
  return JSON.stringify({ api_key: apiKey, api_secret: secret });
}

/** The `exp` claim of a JWT, epoch ms; null when the token is not a readable JWT. Signature not checked (not ours). */
export function jwtExpiryMs(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Caches one account's token; fetches at most one at a time. */
export class V3TokenCache {
  private grant: TokenGrant | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<TokenGrant>,
    private readonly now: () => number,
    /** Refresh this long before expiry (capped at a tenth of the token's remaining life when fetched). */
    private readonly marginMs = 60_000,
  ) {}

  private fresh(g: TokenGrant): boolean {
    return g.expiresAt === null || this.now() < g.expiresAt - this.marginMs;
  }

  async token(): Promise<string> {
    if (this.grant && this.fresh(this.grant)) return this.grant.token;
    if (!this.pending) {
      const p = this.fetchToken().then(
        (g) => {
          const life = g.expiresAt === null ? null : g.expiresAt - this.now();
          const margin = life === null ? this.marginMs : Math.min(this.marginMs, Math.max(0, life / 10));
          this.grant = {
            token: g.token,
            expiresAt: g.expiresAt === null ? null : g.expiresAt - margin + this.marginMs,
          };
          this.pending = null;
          return g.token;
        },
        (e: unknown) => {
          this.pending = null;
          throw e;
        },
      );
      this.pending = p;
    }
    return this.pending;
  }

  /** After a 401: forget `token` (if it is still the cached one) so the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.grant?.token === token) this.grant = null;
  }

  clear(): void {
    this.grant = null;
  }
}

export function grantFrom(token: string, expiresAtMs: number | null): TokenGrant {
  return { token, expiresAt: jwtExpiryMs(token) ?? expiresAtMs };
}
