import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { hmacHex, nonceGreater, safeEqualHex, verifyV1Signature, type TokenIssuer } from './auth';
import { nonceAllowed } from './accounts';
import type { PaperCore } from './core';
import { ExchangeError, Rejection, statusOfRejection } from './errors';
import type { Account } from './state';
import type { SlidingWindowLimiter } from './rateLimit';
import type { RequestContext, Route } from './http/routing';
import {
  type ParsedBody,
  type Target,
  WireError,
  decodePathSegment,
  errorBody,
  parseTarget,
  readBody,
  sendEmpty,
  sendError,
  sendJson,
} from './http/wire';
import { z } from 'zod';
import { validate } from './http/validate';
import { currentErrorBody, currentStatusBody } from './routes/current/errors';

/** Rate limits and the bounds of what one request may be (size, count of headers, time to arrive). */
export interface PaperLimits {
  /** Private calls per account per sliding window (a second by default); default 2 (the contract's limit). */
  privatePerSecond?: number;
  /** Public calls per IP per sliding window; default 100. */
  publicPerSecond?: number;
  /**
   * The sliding window both limits count in, ms; default 1000 (the contract's "per second"). Tests shorten it,
   * with the client's `limits.windowMs`, to push many calls through the real limits quickly.
   */
  rateWindowMs?: number;
  /** Largest accepted body; default 1 MiB (413 above). */
  maxBodyBytes?: number;
  /** Most header lines in one request; default 100 (431 above). */
  maxHeaders?: number;
  /** The request's headers must have arrived within this; default 10 s (node's `headersTimeout`). */
  headersTimeoutMs?: number;
  /** The whole request must have arrived within this; default 30 s (node's `requestTimeout`). */
  requestTimeoutMs?: number;
  /** The body must have arrived this long after the headers; default 10 s (408 otherwise). */
  bodyTimeoutMs?: number;
}

type HttpLimits = Required<Omit<PaperLimits, 'privatePerSecond' | 'publicPerSecond' | 'rateWindowMs'>>;

const DEFAULT_LIMITS: HttpLimits = {
  maxBodyBytes: 1 << 20,
  maxHeaders: 100,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
};

const HTTP_LIMIT_KEYS = [
  'maxBodyBytes',
  'maxHeaders',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'bodyTimeoutMs',
] as const satisfies ReadonlyArray<keyof HttpLimits>;

export interface ServerDeps {
  core: PaperCore;
  routes: Route[];
  now: () => number;
  tokens: TokenIssuer;
  privateLimiter: SlidingWindowLimiter;
  publicLimiter: SlidingWindowLimiter;
  /** Makes every command applied so far durable (journal fsync); called before acknowledging a change. */
  commit: () => void;
  limits?: PaperLimits | undefined;
}

/** The HTTP face of the exchange: routing, auth, rate limits, error bodies. Nothing a peer sends can crash it. */
export function createPaperServer(deps: ServerDeps): Server {
  const limits: HttpLimits = { ...DEFAULT_LIMITS, ...definedOnly(deps.limits) };
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: Math.max(limits.requestTimeoutMs, limits.headersTimeoutMs + 1),
      // How often node looks for requests past those timeouts: often enough for the bound to mean something.
      connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
      // Node would answer a request without Host with a bare 400 of its own; routing does not need Host at all.
      requireHostHeader: false,
    },
    (req, res) => {
      res.on('error', () => res.destroy());
      handle(deps, limits, req, res).catch((e: unknown) => {
        // A bug, not the peer's fault. Never echo request headers (secrets, tokens) into logs.
        console.error('paper exchange: internal error', e instanceof Error ? e.message : e);
        if (!res.headersSent) sendError(res, 500, 'Internal error', deps.now());
        else res.destroy();
      });
    },
  );
  // One more than the bound, so a request over it is seen (and refused) rather than silently truncated.
  server.maxHeadersCount = limits.maxHeaders + 1;
  server.on('connection', (socket: Duplex) => {
    // A reset or a write to a closed peer must never become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, deps.now()));
  return server;
}

function definedOnly(l: PaperLimits | undefined): Partial<HttpLimits> {
  const out: Partial<HttpLimits> = {};
  if (l === undefined) return out;
  for (const k of HTTP_LIMIT_KEYS) {
    const v = l[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Bytes node could not parse as HTTP (or that came too slowly): a JSON 4xx when still possible, then close. */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, now: number): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'Request headers too large']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'Request not received in time']
        : [400, 'Bad Request', 'Malformed HTTP request'];
  const body = errorBody(message, now);
  const head = `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
  const timer = setTimeout(() => socket.destroy(), 2_000);
  timer.unref();
  socket.end(head + body, () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

async function handle(deps: ServerDeps, limits: HttpLimits, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  let target: Target | undefined;
  let body: ParsedBody;
  try {
    if (req.rawHeaders.length / 2 > limits.maxHeaders)
      throw new WireError(431, `Too many headers: at most ${limits.maxHeaders}`, true);
    target = parseTarget(req.url);
    body = await readBody(req, { maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs });
  } catch (e) {
    return fail(res, e, deps.now(), target === undefined ? 'documented' : dialectOf(deps.routes, target.path));
  }
  const { path, query } = target;
  const now = deps.now();
  let route: Route | undefined;
  let pathParams: string[] = [];
  let pathKnown = false;
  try {
    for (const r of deps.routes) {
      const m = r.pattern.exec(path);
      if (m === null) continue;
      pathKnown = true;
      if (r.method !== method) continue;
      route = r;
      pathParams = m.slice(1).map((s) => decodePathSegment(s, 'path segment'));
      break;
    }
  } catch (e) {
    return fail(res, e, now, dialectOf(deps.routes, path));
  }
  if (route === undefined) {
    const status = pathKnown ? 405 : 404;
    const message = pathKnown ? `Method ${method} not allowed on ${path}` : `Unknown path ${path}`;
    if (dialectOf(deps.routes, path) === 'current') return sendJson(res, status, currentStatusBody(status, message));
    return sendError(res, status, message, now);
  }
  const ctx: RequestContext = { req, method, path, query, pathParams, body, now, account: null };
  try {
    const deadline = route.deadline?.(ctx);
    if (deadline !== undefined && deadline <= now)
      throw new ExchangeError(
        400,
        `Request expired: valid_till ${new Date(deadline).toISOString()} is not after the server time ${new Date(now).toISOString()}`,
      );
    if (route.auth === 'public') {
      const ip = req.socket.remoteAddress ?? 'unknown';
      if (!deps.publicLimiter.tryAcquire(ip, now)) throw new ExchangeError(429, limitMessage(deps.publicLimiter));
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

/** The error shape of a path: that of the routes serving it (current: `{code, message}`), else documented. */
function dialectOf(routes: readonly Route[], path: string): Route['dialect'] {
  for (const r of routes) if (r.pattern.test(path)) return r.dialect ?? 'documented';
  return 'documented';
}

function fail(res: ServerResponse, e: unknown, now: number, dialect: Route['dialect'] = 'documented'): void {
  if (e instanceof WireError) {
    if (dialect === 'current') return sendJson(res, e.status, currentStatusBody(e.status, e.message), e.close);
    return sendError(res, e.status, e.message, now, e.close);
  }
  if (!(e instanceof Rejection)) throw e;
  const status = statusOfRejection(e.reason);
  if (dialect === 'current') return sendJson(res, status, currentErrorBody(e));
  return sendError(res, status, e.message, now);
}

function limitMessage(limiter: SlidingWindowLimiter): string {
  return `Rate limit exceeded: ${limiter.limit} calls per ${per(limiter)}`;
}

function per(limiter: SlidingWindowLimiter): string {
  return limiter.windowMs === 1000 ? 'second' : `${limiter.windowMs} ms`;
}

function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Admits an authenticated call against the account's private rate limit. */
function admit(deps: ServerDeps, account: Account, now: number): void {
  if (!deps.privateLimiter.tryAcquire(`account:${account.id}`, now))
    throw new ExchangeError(429, limitMessage(deps.privateLimiter));
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
  // 400, not 401, and no number in the message: a client must not "resync" its nonces up to this value.
  if (!nonceAllowed(nonce, ctx.now))
    throw new ExchangeError(
      400,
      'Invalid X-NONCE: more than one day ahead of the server clock read as milliseconds (or above 2^63-1)',
    );
  // A last nonce above today's bound (accepted by an older version) no longer counts, so it cannot lock the key.
  const last = nonceAllowed(account.lastNonce, ctx.now) ? account.lastNonce : '0';
  if (!nonceGreater(nonce, last)) throw new ExchangeError(401, `Invalid nonce: ${nonce} is not greater than ${last}`);
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

const loginBody = z.object({ api_key: z.string().min(1), api_secret: z.string().min(1) });

/**
 * Failed logins count against the private rate, per IP and per (existing) key, and a full count refuses before the
 * secret is compared: a secret cannot be guessed faster than that, and a right guess is not let through either.
 */
function login(deps: ServerDeps, ctx: RequestContext, res: ServerResponse): void {
  const b = validate(loginBody, ctx.body.json ?? ctx.body.params);
  const found = deps.core.accounts.byApiKey(b.api_key);
  const account = found === undefined || found.internal ? undefined : found;
  const failures = [`login-failures:ip:${ctx.req.socket.remoteAddress ?? 'unknown'}`];
  // Only keys that exist get a count of their own: made-up keys cannot grow the limiter's table.
  if (account !== undefined) failures.push(`login-failures:account:${account.id}`);
  const limiter = deps.privateLimiter;
  if (failures.some((id) => limiter.isFull(id, ctx.now)))
    throw new ExchangeError(429, `Too many failed logins: at most ${limiter.limit} per ${per(limiter)}`);
  if (
    account === undefined ||
    !safeEqualHex(Buffer.from(account.secret).toString('hex'), Buffer.from(b.api_secret).toString('hex'))
  ) {
    for (const id of failures) limiter.tryAcquire(id, ctx.now);
    throw new ExchangeError(401, 'Invalid API key or secret');
  }
  // Logging in is not one of the contract's "authorization required methods" (it is how a client gets authorized),
  // so it does not spend the account's 2 private calls per second. It has a count of its own, of the same size, so
  // tokens cannot be minted without bound either. The API client paces its logins the same way (pipeline.ts).
  if (!limiter.tryAcquire(`logins:account:${account.id}`, ctx.now))
    throw new ExchangeError(429, `Too many logins: at most ${limiter.limit} per ${per(limiter)}`);
  const t = deps.tokens.issue(account.id, account.key, ctx.now);
  // The live exchange answers the JWT as a bare JSON string (its expiry is the token's own `exp` claim).
  sendJson(res, 200, t.token);
}
