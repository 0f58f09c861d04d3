/**
 * The request pipeline every operation goes through: pace (rate-limiter) -> authenticate (sign-v1 / auth-v3,
 * nonces, token) -> send (http, with its deadline) -> map errors -> trace. Retries follow the README's client
 * section: idempotent reads retry transport failures, anything retries a 429, nothing that creates is resent.
 * The private parts (limiter, nonces, token cache) exist together or not at all: one `PrivateSession`.
 */
import { stringify } from 'lossless-json';
import type { z } from 'zod';
import type { RateBudget, RequestTrace } from '../../preload/domain';
import { V3TokenCache, grantFrom, v3AuthHeaders, v3AuthRequestBody } from './auth-v3';
import { ApiError, scrubbed } from './errors';
import { exchangeError, httpError, parseBody, send } from './http';
import { type NonceSequencer, sequencerFor } from './nonce';
import { type Op, type ValidTillStamp, arrayOf, buildQuery, rfc3339 } from './operations';
import type { Deadline } from './reconcile';
import { PATHS } from './paths';
import {
  type LimiterOptions,
  PRIORITY,
  RateLimiter,
  loginLimiterFor,
  privateLimiterFor,
  publicLimiterFor,
} from './rate-limiter';
import { serializeV1Payload, signV1 } from './sign-v1';
import { TraceLog } from './trace';
import type { AlpClientDeps, Credentials } from './types';
import { validate } from './wire/primitives';
import * as v3 from './wire/v3';

/** Retries of idempotent calls: attempts in all, backoff base and cap (ms); jitter multiplies by 0.5..1.5. */
export const RETRY = { attempts: 3, baseMs: 250, capMs: 4_000 } as const;

/**
 * The exchange's limits: 2 private calls per account and 100 public calls per origin in any 1000 ms window. The
 * limiter adds `marginMs` to the window on our side (see rate-limiter.ts for what it covers): 5% of the window
 * costs 5% of sustained throughput and nothing for a burst.
 */
export const DEFAULT_LIMITS = { privatePerWindow: 2, publicPerWindow: 100, windowMs: 1_000, marginMs: 50 } as const;

/**
 * How the private queue treats background reads (see rate-limiter.ts): one private slot stays free for what the
 * trader waits for; for one window after it is queued, a background read goes only if it leaves two slots free (a
 * screen's shown reads, balances and open orders, asked a moment after its background ones, go first: with the
 * exchange's 2 slots the read waits the window out); and a call rises one priority for every 10 s it waits
 * (nothing starves: a background read waits at most about 20 s behind a steady stream of orders).
 */
export const PRIVATE_QUEUE = { reserve: 1, holdWindows: 1, holdFree: 2, ageMs: 10_000 } as const;

export interface Reply {
  status: number;
  body: unknown;
}

interface Authenticated {
  headers: Record<string, string>;
  body?: string;
  nonce: string | null;
  /** Texts to cut out of any error this attempt produces. */
  credentials: string[];
}

/** Everything a profile with an API key has and a keyless one lacks, created together. */
export interface PrivateSession {
  credentials: Credentials;
  limiter: RateLimiter;
  /** Paces POST /api/v3/auth: logins have a budget of their own, apart from the private calls (see fetchToken). */
  logins: RateLimiter;
  nonces: NonceSequencer;
  tokens: V3TokenCache;
}

function nonceFromMessage(msg: string | undefined): bigint | null {
  if (!msg) return null;
  const nums = msg.match(/\d+/g);
  if (!nums) return null;
  let max: bigint | null = null;
  for (const n of nums) {
    const b = BigInt(n);
    if (max === null || b > max) max = b;
  }
  return max;
}

export class RequestPipeline {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly base: string;
  private readonly publicLimiter: RateLimiter;
  private readonly session: PrivateSession | null;
  private readonly log = new TraceLog();
  private readonly limits: NonNullable<AlpClientDeps['limits']>;
  private readonly honours: { v1: boolean; v3: boolean };

  constructor(deps: AlpClientDeps) {
    this.fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = deps.random ?? Math.random;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
    const url = new URL(deps.baseUrl);
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    const origin = url.origin;
    const limits = deps.limits ?? DEFAULT_LIMITS;
    this.limits = limits;
    // The contract documents valid_till on v3 order creation; v1 has no such parameter (see AlpClientDeps).
    this.honours = { v1: deps.honoursValidTill?.v1 ?? false, v3: deps.honoursValidTill?.v3 ?? true };
    // Every limiter counts the same window with the same margin and clock; they differ in budget and queue rules.
    const limiter =
      (perWindow: number, queue: Partial<LimiterOptions> = {}) =>
      () =>
        new RateLimiter({
          perWindow,
          windowMs: limits.windowMs,
          marginMs: limits.marginMs ?? DEFAULT_LIMITS.marginMs,
          now: this.now,
          sleep: this.sleep,
          ...queue,
        });
    this.publicLimiter = publicLimiterFor(origin, limiter(limits.publicPerWindow));
    const creds = deps.credentials;
    this.session = creds
      ? {
          credentials: creds,
          limiter: privateLimiterFor(
            origin,
            creds.apiKey,
            limiter(limits.privatePerWindow, {
              reserve: PRIVATE_QUEUE.reserve,
              holdMs: PRIVATE_QUEUE.holdWindows * limits.windowMs,
              holdFree: PRIVATE_QUEUE.holdFree,
              ageMs: PRIVATE_QUEUE.ageMs,
            }),
          ),
          logins: loginLimiterFor(origin, creds.apiKey, limiter(limits.privatePerWindow)),
          nonces: sequencerFor(deps.nonceStore, creds.apiKey, this.now),
          tokens: new V3TokenCache(() => this.fetchToken(), this.now),
        }
      : null;
  }

  /** The private session, or an `auth` error naming the operation when the profile has no key. */
  requireSession(operation: string): PrivateSession {
    if (!this.session)
      throw new ApiError({
        kind: 'auth',
        operation,
        message: `${operation}: no API key is configured for this profile`,
      });
    return this.session;
  }

  /** The v3 token (for the WebSocket's `auth` message); fetched or refreshed as a REST call would. */
  async token(operation = 'v3 auth'): Promise<string> {
    return this.requireSession(operation).tokens.token();
  }

  private async fetchToken() {
    const session = this.requireSession('v3 auth');
    const secret = await session.credentials.secret();
    const body = v3AuthRequestBody(session.credentials.apiKey, secret);
    const reply = await this.once(
      {
        name: 'v3 auth',
        method: 'POST',
        path: PATHS.v3Auth,
        auth: 'public',
        priority: PRIORITY.cancel,
        idempotent: false,
      },
      1,
      // Not one of the contract's "authorization required methods" (it is how a client gets authorized): it does not
      // spend the account's 2 private calls per second, as on the paper exchange, but has a count of its own there.
      session.logins,
      async () => ({ headers: { 'Content-Type': 'application/json' }, body, nonce: null, credentials: [secret] }),
    );
    const g = validate(v3.authSchema, reply.body, 'auth', 'v3 auth');
    return grantFrom(g.token, g.expires_at);
  }

  /** Runs an operation with the retry rules; returns the parsed (lossless) body. */
  async execute(op: Op): Promise<Reply> {
    const session = op.auth === 'public' ? null : this.requireSession(op.name);
    let attempt = 0;
    let nonceResent = false;
    let tokenRefreshed = false;
    for (;;) {
      attempt++;
      let token: string | null = null;
      try {
        if (op.auth === 'v3' && session) token = await session.tokens.token();
        return await this.once(op, attempt, session ? session.limiter : this.publicLimiter, () =>
          this.authenticate(op, session, token),
        );
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.kind === 'nonce' && op.auth === 'v1' && session && !nonceResent) {
          // A nonce rejection means the exchange did nothing: move past its mark and resend once.
          nonceResent = true;
          await session.nonces.resync(nonceFromMessage(e.exchangeMessage));
          attempt--;
          continue;
        }
        if (e.kind === 'auth' && op.auth === 'v3' && session && token !== null && !tokenRefreshed) {
          tokenRefreshed = true;
          session.tokens.invalidate(token);
          attempt--;
          continue;
        }
        const retryable = e.kind === 'rate_limit' || (op.idempotent && (e.kind === 'network' || e.kind === 'timeout'));
        if (retryable && attempt < RETRY.attempts) {
          const exp = Math.min(RETRY.capMs, RETRY.baseMs * 2 ** (attempt - 1));
          const delay = Math.round(exp * (0.5 + this.random()));
          await this.sleep(e.kind === 'rate_limit' ? Math.max(delay, 1_000) : delay);
          continue;
        }
        throw e;
      }
    }
  }

  /** Runs an operation and validates a list answer (an empty body is an empty list). */
  async list<S extends z.ZodType>(op: Op, item: S, root: string): Promise<z.output<S>[]> {
    const { body } = await this.execute(op);
    return validate(arrayOf(item), body ?? [], root, op.name) as z.output<S>[];
  }

  /** Headers/body for one attempt; runs inside the limiter slot, so nonces are taken in send order. */
  private async authenticate(op: Op, session: PrivateSession | null, token: string | null): Promise<Authenticated> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (op.auth === 'public' || !session) return { headers, nonce: null, credentials: [] };
    const creds = session.credentials;
    const secret = await creds.secret();
    const { form, json } = this.stampValidTill(op);
    if (op.auth === 'v1') {
      const body = form ? serializeV1Payload(form) : undefined;
      const nonce = session.nonces.nextSync() ?? (await session.nonces.next());
      const sign = signV1(creds.apiKey, secret, body ?? '');
      headers['X-KEY'] = creds.apiKey;
      headers['X-SIGN'] = sign;
      headers['X-NONCE'] = nonce.toString();
      const credentials = [secret, sign];
      if (body !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        return { headers, body, nonce: headers['X-NONCE'], credentials };
      }
      return { headers, nonce: headers['X-NONCE'], credentials };
    }
    const bearer = token ?? (await session.tokens.token());
    Object.assign(headers, v3AuthHeaders(bearer, secret, json));
    const credentials = [secret, bearer, headers['X-SIGN'] ?? ''];
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      return { headers, body: json, nonce: null, credentials };
    }
    return { headers, nonce: null, credentials };
  }

  /**
   * The form or JSON body of one attempt. For order creation it carries `valid_till`, taken here, inside the
   * limiter slot and just before the send timer starts, so time spent queued never eats into the deadline and the
   * exchange's deadline never outlasts the client's wait.
   */
  private stampValidTill(op: Op): { form?: Record<string, string>; json?: string } {
    const stamp = op.validTill;
    if (!stamp) return { ...(op.form ? { form: op.form } : {}), ...(op.json !== undefined ? { json: op.json } : {}) };
    const at = this.now() + this.timeoutMs;
    stamp.at = at;
    if (op.auth === 'v1') return { form: { ...op.form, valid_till: rfc3339(at) } };
    return { json: stringify({ ...stamp.v3Body, valid_till: rfc3339(at) }) as string };
  }

  /** One attempt: wait for a slot, authenticate, send, trace, map errors. */
  private once(op: Op, attempt: number, limiter: RateLimiter, auth: () => Promise<Authenticated>): Promise<Reply> {
    return limiter.schedule(
      op.priority,
      async () => {
        const startedAt = this.now();
        const trace: RequestTrace = {
          id: this.log.newId(),
          operation: op.name,
          method: op.method,
          path: op.path,
          startedAt,
          latencyMs: null,
          attempt,
          nonce: null,
          status: null,
          outcome: 'pending',
          errorCode: null,
        };
        let credentials: string[] = [];
        try {
          const a = await auth();
          credentials = a.credentials;
          trace.nonce = a.nonce;
          const res = await send(
            this.fetchImpl,
            {
              method: op.method,
              url: this.base + op.path + buildQuery(op.query),
              headers: a.headers,
              ...(a.body !== undefined ? { body: a.body } : {}),
              timeoutMs: this.timeoutMs,
            },
            op.name,
          );
          trace.status = res.status;
          let body: unknown;
          try {
            body = parseBody(res.text, op.name, res.status);
          } catch (e) {
            if (res.status >= 400) throw httpError(res.status, undefined, res.text, op.name);
            throw e;
          }
          if (res.status >= 400 || exchangeError(body) !== null) throw httpError(res.status, body, res.text, op.name);
          trace.outcome = 'ok';
          return { status: res.status, body };
        } catch (e) {
          trace.outcome = 'error';
          trace.errorCode = e instanceof ApiError ? e.kind : 'internal';
          if (e instanceof ApiError) throw scrubbed(e, credentials);
          const why = e instanceof Error ? e.message : String(e);
          throw scrubbed(
            new ApiError({ kind: 'network', operation: op.name, message: `${op.name}: ${why}` }),
            credentials,
          );
        } finally {
          trace.latencyMs = this.now() - startedAt;
          this.log.record(trace);
        }
      },
      op.auth === 'v1',
    );
  }

  /** The deadline a lost order POST can be resolved against: only one the venue is known to honour. */
  honouredDeadline(api: 'v1' | 'v3', stamp: ValidTillStamp): Deadline {
    return this.honours[api] && stamp.at !== null ? { at: stamp.at } : null;
  }

  traces(): RequestTrace[] {
    return this.log.list();
  }

  privateBudget(): RateBudget {
    if (!this.session)
      return {
        limit: this.limits.privatePerWindow,
        windowMs: this.limits.windowMs + (this.limits.marginMs ?? DEFAULT_LIMITS.marginMs),
        used: 0,
        queued: 0,
      };
    return this.session.limiter.budget();
  }

  onTrace(listener: (t: RequestTrace) => void): () => void {
    return this.log.subscribe(listener);
  }
}
