/**
 * A small strict ALP-like server for client tests (real HTTP on 127.0.0.1): verifies v1 signatures (GET over the
 * key, POST over key + raw form body), rejects any nonce not above the last accepted one, issues v3 JWTs and
 * verifies bearer tokens and body X-SIGN. Routes answer from per-test handlers.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalServer, startServer } from './helpers';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: IncomingMessage['headers'];
  nonce: bigint | null;
}

export type Handler = (
  r: StubRequest,
  res: ServerResponse,
) => { status: number; body: string } | 'hang' | 'drop' | Promise<{ status: number; body: string } | 'hang' | 'drop'>;

export interface Stub extends LocalServer {
  routes: Map<string, Handler>;
  /** Every request received, in arrival order. */
  log: StubRequest[];
  /** Rejections by reason. */
  rejected: { nonce: number; sign: number; token: number };
  lastNonce: Map<string, bigint>;
  authCalls: number;
  tokenTtlSec: number;
  now: () => number;
  revokeTokens(): void;
}

/** Today's public market data lives under /api/v3 too (alp-api-current.md). */
const V3_PUBLIC = new Set([
  '/api/v3/time',
  '/api/v3/currencies',
  '/api/v3/currency-rates',
  '/api/v3/pairs',
  '/api/v3/ticker',
  '/api/v3/charts',
  '/api/v3/orderbook',
  '/api/v3/trades',
]);

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

export async function startStub(keys: Record<string, string>, opts: { now?: () => number } = {}): Promise<Stub> {
  const jwtKey = randomBytes(16);
  let tokenGen = 0;
  const hanging: ServerResponse[] = [];
  const stub = {
    routes: new Map<string, Handler>(),
    log: [] as StubRequest[],
    rejected: { nonce: 0, sign: 0, token: 0 },
    lastNonce: new Map<string, bigint>(),
    authCalls: 0,
    tokenTtlSec: 900,
    now: opts.now ?? Date.now,
    revokeTokens() {
      tokenGen++;
    },
  };

  function issueToken(key: string): string {
    const h = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const p = b64url(
      JSON.stringify({ sub: key, gen: tokenGen, exp: Math.floor(stub.now() / 1000) + stub.tokenTtlSec }),
    );
    const s = createHmac('sha256', jwtKey).update(`${h}.${p}`).digest('base64url');
    return `${h}.${p}.${s}`;
  }

  function verifyToken(token: string): string | null {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s) return null;
    if (createHmac('sha256', jwtKey).update(`${h}.${p}`).digest('base64url') !== s) return null;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { sub: string; exp: number; gen: number };
    if (claims.gen !== tokenGen || claims.exp * 1000 <= stub.now()) return null;
    return claims.sub;
  }

  const reply = (res: ServerResponse, status: number, body: string) => {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  };

  const server = await startServer(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const r: StubRequest = { method, path, query: url.searchParams, body, headers: req.headers, nonce: null };
    stub.log.push(r);
    if (path === '/api/v3/auth' && method === 'POST') {
      const { api_key, api_secret } = JSON.parse(body) as { api_key: string; api_secret: string };
      stub.authCalls++;
      if (keys[api_key] !== api_secret) return reply(res, 401, '{"error":"Unknown API key"}');
      return reply(
        res,
        200,
        JSON.stringify({
          token: issueToken(api_key),
          expires_at: new Date(stub.now() + stub.tokenTtlSec * 1000).toISOString(),
        }),
      );
    }
    const isPrivate =
      (path.startsWith('/api/v3/') && !V3_PUBLIC.has(path)) ||
      (!path.startsWith('/api/v3/') &&
        !['/api/v1/currencies/', '/api/v1/pairs/', '/api/v1/ticker/', '/api/v1/exchanges/'].includes(path) &&
        !path.startsWith('/api/v1/orderbook/') &&
        !path.startsWith('/api/charts/') &&
        !/^\/api\/v1\/order\/\d+\/$/.test(path));
    if (isPrivate && path.startsWith('/api/v3/')) {
      const auth = req.headers.authorization ?? '';
      const key = auth.startsWith('Bearer ') ? verifyToken(auth.slice(7)) : null;
      if (!key) {
        stub.rejected.token++;
        return reply(res, 401, '{"error":"Invalid or expired token"}');
      }
      if (body !== '') {
        const want = createHmac('sha256', keys[key] as string)
          .update(body)
          .digest('hex');
        if (req.headers['x-sign'] !== want) {
          stub.rejected.sign++;
          return reply(res, 401, '{"error":"Invalid signature"}');
        }
      }
    } else if (isPrivate) {
      const key = String(req.headers['x-key'] ?? '');
      const secret = keys[key];
      if (secret === undefined) return reply(res, 401, '{"error":"Unknown API key"}');
      const want = createHmac('sha256', secret)
        .update(key + body)
        .digest('hex');
      if (req.headers['x-sign'] !== want) {
        stub.rejected.sign++;
        return reply(res, 401, '{"error":"Invalid signature"}');
      }
      const nonce = BigInt(String(req.headers['x-nonce'] ?? '0'));
      const last = stub.lastNonce.get(key) ?? 0n;
      if (nonce <= last) {
        stub.rejected.nonce++;
        return reply(res, 401, JSON.stringify({ error: `Invalid nonce: ${nonce} is not greater than ${last}` }));
      }
      stub.lastNonce.set(key, nonce);
      r.nonce = nonce;
    }
    const route = stub.routes.get(`${method} ${path}`) ?? stub.routes.get(`${method} *`);
    if (!route) return reply(res, 404, '{"error":"Not found"}');
    const out = await route(r, res);
    if (out === 'hang') {
      hanging.push(res);
      return;
    }
    if (out === 'drop') {
      res.socket?.destroy();
      return;
    }
    reply(res, out.status, out.body);
  });
  return Object.assign(stub, {
    url: server.url,
    close: async () => {
      for (const h of hanging) h.socket?.destroy();
      await server.close();
    },
  });
}

export const ok = (body: unknown, status = 200) => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
