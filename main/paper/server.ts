import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { hmacHex, nonceGreater, safeEqualHex, verifyV1Signature, type TokenIssuer } from './auth';
import type { PaperCore } from './core';
import { ExchangeError, Rejection, statusOfRejection } from './errors';
import type { Account } from './state';
import type { SlidingWindowLimiter } from './rateLimit';
import type { RequestContext, Route } from './http/routing';
import { readBody, sendEmpty, sendError, sendJson } from './http/wire';
import { z } from 'zod';
import { validate } from './http/validate';
import { currentErrorBody } from './routes/current/errors';

export interface ServerDeps {
  core: PaperCore;
  routes: Route[];
  now: () => number;
  tokens: TokenIssuer;
  privateLimiter: SlidingWindowLimiter;
  publicLimiter: SlidingWindowLimiter;
  /** Makes every command applied so far durable (journal fsync); called before acknowledging a change. */
  commit: () => void;
}

const PRIVATE_LIMIT_MESSAGE = 'Rate limit exceeded: 2 calls per second';
const PUBLIC_LIMIT_MESSAGE = 'Rate limit exceeded: 100 calls per second';

/** The HTTP face of the exchange: routing, auth, rate limits, error bodies. */
export function createPaperServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      // Never echo request headers (secrets, tokens) into logs.
      console.error('paper exchange: internal error', e instanceof Error ? e.message : e);
      if (!res.headersSent) sendError(res, 500, 'Internal error', deps.now());
    });
  });
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://paper');
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  let body: Awaited<ReturnType<typeof readBody>>;
  try {
    body = await readBody(req);
  } catch (e) {
    return fail(res, e, deps.now());
  }
  const now = deps.now();
  let route: Route | undefined;
  let pathParams: string[] = [];
  let pathKnown = false;
  for (const r of deps.routes) {
    const m = r.pattern.exec(path);
    if (m === null) continue;
    pathKnown = true;
    if (r.method !== method) continue;
    route = r;
    pathParams = m.slice(1).map((s) => decodeURIComponent(s));
    break;
  }
  if (route === undefined) {
    return sendError(
      res,
      pathKnown ? 405 : 404,
      pathKnown ? `Method ${method} not allowed on ${path}` : `Unknown path ${path}`,
      now,
    );
  }
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const ctx: RequestContext = { req, method, path, query, pathParams, body, now, account: null };
  try {
    if (route.auth === 'public') {
      const ip = req.socket.remoteAddress ?? 'unknown';
      if (!deps.publicLimiter.tryAcquire(ip, now)) throw new ExchangeError(429, PUBLIC_LIMIT_MESSAGE);
    } else if (route.auth === 'v1') ctx.account = authV1(deps, ctx);
    else if (route.auth === 'v3') ctx.account = authV3(deps, ctx);
    if (route.auth === 'v3-login') return login(deps, ctx, res);
    const reply = route.handle(ctx);
    if (route.mutates === true) deps.commit();
    if ('empty' in reply) return sendEmpty(res, reply.status);
    return sendJson(res, reply.status, reply.body);
  } catch (e) {
    // A refused call may still have accepted its nonce: make that durable too.
    if (ctx.account !== null) deps.commit();
    return fail(res, e, now, route.dialect);
  }
}

function fail(res: ServerResponse, e: unknown, now: number, dialect: Route['dialect'] = 'documented'): void {
  if (!(e instanceof Rejection)) throw e;
  if (dialect === 'current') return sendJson(res, statusOfRejection(e.reason), currentErrorBody(e));
  return sendError(res, statusOfRejection(e.reason), e.message, now);
}

function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Admits an authenticated call against the account's private rate limit. */
function admit(deps: ServerDeps, account: Account, now: number): void {
  if (!deps.privateLimiter.tryAcquire(`account:${account.id}`, now))
    throw new ExchangeError(429, PRIVATE_LIMIT_MESSAGE);
}

/** v1: X-KEY, X-SIGN over key (+ sorted url-encoded POST params), X-NONCE greater than the last accepted one. */
function authV1(deps: ServerDeps, ctx: RequestContext): Account {
  const key = header(ctx, 'x-key');
  const sign = header(ctx, 'x-sign');
  const nonce = header(ctx, 'x-nonce');
  if (key === undefined || sign === undefined || nonce === undefined)
    throw new ExchangeError(401, 'Missing X-KEY, X-SIGN or X-NONCE header');
  const account = deps.core.accounts.byApiKey(key);
  if (account === undefined || account.internal) throw new ExchangeError(401, 'Unknown API key');
  // Secrets are not persisted: after a restart a key works again only once its owner has registered it anew.
  if (account.secret === '') throw new ExchangeError(401, 'API key not registered since the exchange restarted');
  const params = ctx.method === 'GET' ? {} : ctx.body.params;
  if (!verifyV1Signature(key, account.secret, params, sign)) throw new ExchangeError(401, 'Invalid signature');
  if (!/^\d{1,30}$/.test(nonce)) throw new ExchangeError(401, 'Invalid nonce: must be a decimal integer');
  if (!nonceGreater(nonce, account.lastNonce))
    throw new ExchangeError(401, `Invalid nonce: ${nonce} is not greater than ${account.lastNonce}`);
  admit(deps, account, ctx.now);
  deps.core.acceptNonce(account.id, nonce, ctx.now);
  return account;
}

/** v3: Bearer JWT from /api/v3/auth; requests with a body also sign the raw body in X-SIGN. */
function authV3(deps: ServerDeps, ctx: RequestContext): Account {
  const authz = header(ctx, 'authorization') ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(authz);
  const claims = m === null ? null : deps.tokens.verify(m[1] as string, ctx.now);
  const account = claims === null ? undefined : deps.core.accounts.get(claims.sub);
  if (claims === null || account === undefined || account.key !== claims.key)
    throw new ExchangeError(401, 'Invalid or expired token');
  if (ctx.body.raw.length > 0) {
    const sign = header(ctx, 'x-sign');
    if (sign === undefined || !safeEqualHex(hmacHex(account.secret, ctx.body.raw), sign))
      throw new ExchangeError(401, 'Invalid signature');
  }
  admit(deps, account, ctx.now);
  return account;
}

function login(deps: ServerDeps, ctx: RequestContext, res: ServerResponse): void {
  const b = validate(
    z.object({ api_key: z.string().min(1), api_secret: z.string().min(1) }),
    ctx.body.json ?? ctx.body.params,
  );
  const account = deps.core.accounts.byApiKey(b.api_key);
  if (
    account === undefined ||
    account.internal ||
    !safeEqualHex(Buffer.from(account.secret).toString('hex'), Buffer.from(b.api_secret).toString('hex'))
  ) {
    throw new ExchangeError(401, 'Invalid API key or secret');
  }
  admit(deps, account, ctx.now);
  const t = deps.tokens.issue(account.id, account.key, ctx.now);
  // The live exchange answers the JWT as a bare JSON string (its expiry is the token's own `exp` claim).
  sendJson(res, 200, t.token);
}
