/**
 * The ALP API client: one typed method per documented operation (../shared/alp-api.md), all through one
 * request pipeline: pace (rate-limiter) -> authenticate (sign-v1 / auth-v3) -> send (http) -> map errors ->
 * validate and normalise (wire/*). Retries and reconciliation follow the rules in the README's client section.
 */
import { LosslessNumber, stringify } from 'lossless-json';
import { z } from 'zod';
import type { Order, OwnTrade, Pair, PlaceOrderResult, RateBudget, RequestTrace, Side } from '../../preload/domain';
import { TIMEFRAMES } from '../../preload/domain';
import { V3TokenCache, grantFrom, v3AuthHeaders, v3AuthRequestBody } from './auth-v3';
import { D } from './decimal';
import { ApiError, scrubbed } from './errors';
import { mergeByTime, splitRange } from './history-windows';
import { exchangeError, httpError, nothingSent, parseBody, send } from './http';
import { V1_STATUS_CODE, WITHDRAW_CODE, sideToV3 } from './normalise/enums';
import { type NonceSequencer, sequencerFor } from './nonce';
import { PATHS } from './paths';
import { OrderCheckError, checkOrder, positiveDecimal } from './precision';
import { PRIORITY, type Priority, RateLimiter, privateLimiterFor, publicLimiterFor } from './rate-limiter';
import { type Deadline, reconcileV1, reconcileV3 } from './reconcile';
import { quotePlus, serializeV1Payload, signV1 } from './sign-v1';
import { TraceLog } from './trace';
import type {
  AccountTradesQuery,
  AlpClient,
  AlpClientDeps,
  BorrowRequest,
  CancelOrdersV3Request,
  CandlesQuery,
  CloseMarginRequest,
  LimitOrderRequest,
  MarginHistoryQuery,
  OrderRequestV3,
  OrderbookQuery,
  OrdersV3Query,
  OwnOrdersQuery,
  OwnTradesQuery,
  PublicTradesQuery,
  RepayRequest,
  TransferRequest,
  WalletActivityQuery,
  WithdrawsQuery,
} from './types';
import * as v1 from './wire/v1';
import * as v3 from './wire/v3';
import { validate } from './wire/primitives';

type Method = 'GET' | 'POST' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

interface Op {
  name: string;
  method: Method;
  path: string;
  query?: Query;
  auth: 'public' | 'v1' | 'v3';
  priority: Priority;
  /** v1 POST form fields (sorted, url-encoded, signed). */
  form?: Record<string, string>;
  /** v3 body, already serialised JSON. */
  json?: string;
  /** Order creation: stamp a server-side deadline on the request at the moment it is sent (see stampValidTill). */
  validTill?: ValidTillStamp;
  /** Only idempotent reads are retried after network errors, timeouts and 5xx. */
  idempotent: boolean;
}

interface Reply {
  status: number;
  body: unknown;
}

/**
 * `valid_till` = the moment the request is signed and sent + the client's timeout, so a request that reaches the
 * exchange after the client gave up on it is refused there. v3 takes it in its JSON body (built from `v3Body` at
 * send time, since X-SIGN covers the body), v1 as a signed form field. `at` records the deadline last sent.
 */
interface ValidTillStamp {
  v3Body?: Record<string, unknown>;
  at: number | null;
}

/** Retries of idempotent calls: attempts in all, backoff base and cap (ms); jitter multiplies by 0.5..1.5. */
export const RETRY = { attempts: 3, baseMs: 250, capMs: 4_000 } as const;
/** Pause between the two lookups that resolve an uncertain order POST. */
export const RECONCILE_SETTLE_MS = 1_000;

const DEFAULT_LIMITS = { privatePerWindow: 2, publicPerWindow: 100, windowMs: 1_100 } as const;

const ORDERS_V3_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** Array schemas built once per item schema (building a zod schema costs more than running it). */
const arrays = new WeakMap<z.ZodType, z.ZodType>();
function arrayOf<S extends z.ZodType>(item: S): z.ZodArray<S> {
  let a = arrays.get(item);
  if (!a) {
    a = z.array(item);
    arrays.set(item, a);
  }
  return a as z.ZodArray<S>;
}

function buildQuery(q: Query | undefined): string {
  if (!q) return '';
  let out = '';
  for (const k of Object.keys(q)) {
    const v = q[k];
    if (v === undefined || v === null || v === '') continue;
    out += `${out ? '&' : '?'}${quotePlus(k)}=${quotePlus(String(v))}`;
  }
  return out;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

function num(s: string): LosslessNumber {
  return new LosslessNumber(s);
}

function validationError(operation: string, message: string, field?: string): ApiError {
  return new ApiError({ kind: 'validation', operation, message, ...(field ? { field } : {}) });
}

function posInt(operation: string, field: string, v: number | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isSafeInteger(v) || v < 0)
    throw validationError(operation, `${field} must be a whole number >= 0 (got ${v}).`, field);
  return v;
}

function isUncertain(e: unknown): e is ApiError {
  return (
    e instanceof ApiError && (e.kind === 'timeout' || (e.kind === 'network' && (e.status === null || e.status >= 500)))
  );
}

/** For an order POST, a success status whose body cannot be read leaves the outcome as open as a timeout does. */
function isUncertainPlacement(e: unknown): e is ApiError {
  return (
    isUncertain(e) ||
    (e instanceof ApiError && e.kind === 'malformed' && (e.status === null || (e.status >= 200 && e.status < 300)))
  );
}

const SEEN_ORDER_IDS_MAX = 20_000;

/** The connection was refused, so the order request never left: it certainly was not created. */
function notSent(e: Error, clientOrderId: string | null = null): PlaceOrderResult {
  return {
    outcome: 'not_created',
    orderId: null,
    clientOrderId,
    order: null,
    fills: [],
    message: `${e.message}; the connection was refused before anything was sent, so the order was not created.`,
  };
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

export class AlpHttpClient implements AlpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly base: string;
  private readonly publicLimiter: RateLimiter;
  private readonly privateLimiter: RateLimiter | null;
  private readonly nonces: NonceSequencer | null;
  private readonly tokens: V3TokenCache | null;
  private readonly log = new TraceLog();
  private readonly pairCache = new Map<string, Pair>();
  /**
   * Ids of orders this client has seen (placed, or listed among own orders). An uncertain v1 order is matched only
   * against orders that were not already known before it was sent, so an earlier identical order is never taken
   * for it. Bounded: the oldest ids are dropped first.
   */
  private readonly seenOrderIds = new Map<number, number>();
  /** Sequence of first sightings: an order is "known before a send" when its first sighting is <= the send's mark. */
  private seenSeq = 0;
  private pairLoad: Promise<void> | null = null;

  constructor(private readonly deps: AlpClientDeps) {
    this.fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = deps.random ?? Math.random;
    this.timeoutMs = deps.timeoutMs ?? 10_000;
    const url = new URL(deps.baseUrl);
    this.base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    const origin = url.origin;
    const limits = deps.limits ?? DEFAULT_LIMITS;
    this.publicLimiter = publicLimiterFor(
      origin,
      () =>
        new RateLimiter({
          perWindow: limits.publicPerWindow,
          windowMs: limits.windowMs,
          now: this.now,
          sleep: this.sleep,
        }),
    );
    const creds = deps.credentials;
    if (creds) {
      this.privateLimiter = privateLimiterFor(
        origin,
        creds.apiKey,
        () =>
          new RateLimiter({
            perWindow: limits.privatePerWindow,
            windowMs: limits.windowMs,
            minSpacingMs: Math.floor(limits.windowMs / limits.privatePerWindow),
            now: this.now,
            sleep: this.sleep,
          }),
      );
      this.nonces = sequencerFor(deps.nonceStore, creds.apiKey, this.now);
      this.tokens = new V3TokenCache(() => this.fetchToken(), this.now);
    } else {
      this.privateLimiter = null;
      this.nonces = null;
      this.tokens = null;
    }
  }

  // ------------------------------------------------------------------ pipeline

  private async fetchToken() {
    const creds = this.requireCreds('v3 auth');
    const secret = await creds.secret();
    const body = v3AuthRequestBody(creds.apiKey, secret);
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
      // The auth call counts toward the account's private limit.
      this.privateLimiter as RateLimiter,
      async () => ({ headers: { 'Content-Type': 'application/json' }, body, nonce: null, credentials: [secret] }),
    );
    const g = validate(v3.authSchema, reply.body, 'auth', 'v3 auth');
    return grantFrom(g.token, g.expires_at);
  }

  private requireCreds(operation: string) {
    const c = this.deps.credentials;
    if (!c)
      throw new ApiError({
        kind: 'auth',
        operation,
        message: `${operation}: no API key is configured for this profile`,
      });
    return c;
  }

  /** Runs an operation with the retry rules; returns the parsed (lossless) body. */
  private async execute(op: Op): Promise<Reply> {
    if (op.auth !== 'public') this.requireCreds(op.name);
    let attempt = 0;
    let nonceResent = false;
    let tokenRefreshed = false;
    for (;;) {
      attempt++;
      let token: string | null = null;
      try {
        if (op.auth === 'v3') token = await (this.tokens as V3TokenCache).token();
        return await this.once(
          op,
          attempt,
          op.auth === 'public' ? this.publicLimiter : (this.privateLimiter as RateLimiter),
          () => this.authenticate(op, token),
        );
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.kind === 'nonce' && op.auth === 'v1' && !nonceResent) {
          // A nonce rejection means the exchange did nothing: move past its mark and resend once.
          nonceResent = true;
          await (this.nonces as NonceSequencer).resync(nonceFromMessage(e.exchangeMessage));
          attempt--;
          continue;
        }
        if (e.kind === 'auth' && op.auth === 'v3' && token !== null && !tokenRefreshed) {
          tokenRefreshed = true;
          (this.tokens as V3TokenCache).invalidate(token);
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

  /** Headers/body for one attempt; runs inside the limiter slot, so nonces are taken in send order. */
  private async authenticate(
    op: Op,
    token: string | null,
  ): Promise<{ headers: Record<string, string>; body?: string; nonce: string | null; credentials?: string[] }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (op.auth === 'public') return { headers, nonce: null };
    const creds = this.requireCreds(op.name);
    const secret = await creds.secret();
    const { form, json } = this.stampValidTill(op);
    if (op.auth === 'v1') {
      const body = form ? serializeV1Payload(form) : undefined;
      const seq = this.nonces as NonceSequencer;
      const nonce = seq.nextSync() ?? (await seq.next());
      headers['X-KEY'] = creds.apiKey;
      headers['X-SIGN'] = signV1(creds.apiKey, secret, body ?? '');
      headers['X-NONCE'] = nonce.toString();
      const credentials = [secret, headers['X-SIGN']];
      if (body !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        return { headers, body, nonce: headers['X-NONCE'], credentials };
      }
      return { headers, nonce: headers['X-NONCE'], credentials };
    }
    Object.assign(headers, v3AuthHeaders(token as string, secret, json));
    const credentials = [secret, token ?? '', headers['X-SIGN'] ?? ''];
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

  /** The deadline a lost order POST can be resolved against: only one the venue is known to honour. */
  private honouredDeadline(dialect: 'v1' | 'v3', stamp: ValidTillStamp): Deadline {
    const honours = this.deps.honoursValidTill?.[dialect] ?? dialect === 'v3';
    return honours && stamp.at !== null ? { at: stamp.at } : null;
  }

  /** One attempt: wait for a slot, authenticate, send, trace, map errors. */
  private once(
    op: Op,
    attempt: number,
    limiter: RateLimiter,
    auth: () => Promise<{
      headers: Record<string, string>;
      body?: string;
      nonce: string | null;
      credentials?: string[];
    }>,
  ): Promise<Reply> {
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
          credentials = a.credentials ?? [];
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
          throw scrubbed(
            new ApiError({ kind: 'network', operation: op.name, message: `${op.name}: ${(e as Error).message}` }),
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

  private async list<S extends z.ZodType>(op: Op, item: S, root: string): Promise<z.output<S>[]> {
    const { body } = await this.execute(op);
    return validate(arrayOf(item), body ?? [], root, op.name) as z.output<S>[];
  }

  private pub(name: string, path: string, query?: Query): Op {
    return {
      name,
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      auth: 'public',
      priority: PRIORITY.read,
      idempotent: true,
    };
  }

  private v1get(name: string, path: string, query?: Query): Op {
    return {
      name,
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      auth: 'v1',
      priority: PRIORITY.read,
      idempotent: true,
    };
  }

  private v3get(name: string, path: string, query?: Query): Op {
    return {
      name,
      method: 'GET',
      path,
      ...(query ? { query } : {}),
      auth: 'v3',
      priority: PRIORITY.read,
      idempotent: true,
    };
  }

  private v3write(name: string, method: 'POST' | 'DELETE', path: string, body: unknown, priority: Priority): Op {
    return { name, method, path, json: stringify(body) as string, auth: 'v3', priority, idempotent: false };
  }

  /** A v3 history query over any range: one call per window of at most 30 days, merged by time. */
  private async history<S extends z.ZodType>(
    name: string,
    path: string,
    range: { from?: number; to?: number },
    query: Query,
    item: S,
    root: string,
    timeOf: (x: z.output<S>) => number,
  ): Promise<z.output<S>[]> {
    if (range.from !== undefined && !Number.isFinite(range.from))
      throw validationError(name, 'from must be epoch ms.', 'from');
    if (range.to !== undefined && !Number.isFinite(range.to)) throw validationError(name, 'to must be epoch ms.', 'to');
    const windows = splitRange(range, this.now());
    const parts: z.output<S>[][] = [];
    for (const w of windows) {
      parts.push(
        await this.list(
          this.v3get(name, path, { ...query, start_time: rfc3339(w.from), end_time: rfc3339(w.to) }),
          item,
          root,
        ),
      );
    }
    return mergeByTime(parts, timeOf);
  }

  private async pairInfo(operation: string, name: string): Promise<Pair> {
    let p = this.pairCache.get(name);
    if (p) return p;
    if (!this.pairLoad) {
      this.pairLoad = this.pairs().then(
        () => {
          this.pairLoad = null;
        },
        (e: unknown) => {
          this.pairLoad = null;
          throw e;
        },
      );
    }
    await this.pairLoad;
    p = this.pairCache.get(name);
    if (!p) throw validationError(operation, `Unknown pair ${name}: the exchange does not list it.`, 'pair');
    return p;
  }

  private checked(operation: string, pair: Pair, side: Side, input: { price?: string | null; amount?: string | null }) {
    try {
      return checkOrder(pair, side, input);
    } catch (e) {
      if (e instanceof OrderCheckError) throw validationError(operation, e.message, e.field);
      throw e;
    }
  }

  private amountArg(operation: string, v: string, field = 'amount', label = 'Amount'): string {
    try {
      return positiveDecimal(v, 'amount', label);
    } catch (e) {
      if (e instanceof OrderCheckError) throw validationError(operation, e.message, field);
      throw e;
    }
  }

  // ------------------------------------------------------------------ v1 public

  async currencies() {
    return this.list(this.pub('currencies', PATHS.currencies), v1.currencySchema, 'currencies');
  }

  async pairs(q?: { currency1?: string; currency2?: string }) {
    const pairs = await this.list(
      this.pub('pairs', PATHS.pairs, { currency1: q?.currency1, currency2: q?.currency2 }),
      v1.pairSchema,
      'pairs',
    );
    for (const p of pairs) this.pairCache.set(p.name, p);
    return pairs;
  }

  async tickers(q?: { pair?: string }) {
    return this.list(this.pub('ticker', PATHS.ticker, { pair: q?.pair }), v1.tickerSchema, 'tickers');
  }

  async candles(q: CandlesQuery) {
    const op = 'charts';
    if (!TIMEFRAMES.includes(q.timeframe)) {
      throw validationError(
        op,
        `Timeframe ${String(q.timeframe)} is not one of ${TIMEFRAMES.join(', ')}.`,
        'timeframe',
      );
    }
    const sec = (ms: number | undefined, f: string) => {
      if (ms === undefined) return undefined;
      if (!Number.isFinite(ms) || ms < 0) throw validationError(op, `${f} must be epoch ms.`, f);
      return Math.floor(ms / 1000);
    };
    const query = { limit: posInt(op, 'limit', q.limit), since: sec(q.since, 'since'), until: sec(q.until, 'until') };
    return this.list(this.pub(op, PATHS.charts(q.pair, q.timeframe), query), v1.candleSchema, 'candles');
  }

  async orderbook(q: OrderbookQuery) {
    const op = 'orderbook';
    const query = {
      limit_sell: posInt(op, 'limitSell', q.limitSell),
      limit_buy: posInt(op, 'limitBuy', q.limitBuy),
      group: q.group === undefined ? undefined : q.group ? 1 : 0,
    };
    const { body } = await this.execute(this.pub(op, PATHS.orderbook(q.pair), query));
    const w = validate(v1.orderbookSchema, body, 'orderbook', op);
    return { pair: q.pair, bids: w.bids, asks: w.asks, time: this.now() };
  }

  async publicTrades(q?: PublicTradesQuery) {
    const op = 'exchanges';
    const query = {
      pair: q?.pair,
      limit: posInt(op, 'limit', q?.limit),
      offset: posInt(op, 'offset', q?.offset),
      ordering: q?.ordering,
    };
    return this.list(this.pub(op, PATHS.exchanges, query), v1.publicTradeSchema, 'exchanges');
  }

  async order(id: number) {
    const op = 'order';
    if (!Number.isSafeInteger(id) || id <= 0)
      throw validationError(op, `Order id must be a positive whole number (got ${id}).`, 'id');
    const { body } = await this.execute(this.pub(op, PATHS.order(id)));
    return validate(v1.singleOrderSchema, body, 'order', op);
  }

  // ------------------------------------------------------------------ v1 private

  async wallets(q?: { currencyId?: string }) {
    return this.list(this.v1get('wallets', PATHS.wallets, { currency_id: q?.currencyId }), v1.walletSchema, 'wallets');
  }

  async ownOrders(q?: OwnOrdersQuery) {
    const op = 'orders/own';
    const query = {
      type: q?.side,
      pair: q?.pair,
      status: q?.status ? V1_STATUS_CODE[q.status] : undefined,
      limit: posInt(op, 'limit', q?.limit),
    };
    const orders = await this.list(this.v1get(op, PATHS.ownOrders, query), v1.ownOrderSchema, 'orders');
    for (const o of orders) this.rememberOrder(o.id);
    return orders;
  }

  private rememberOrder(id: number): void {
    if (this.seenOrderIds.has(id)) return; // keep the first sighting: later ones must not make it look new
    this.seenOrderIds.set(id, ++this.seenSeq);
    if (this.seenOrderIds.size > SEEN_ORDER_IDS_MAX) {
      const oldest = this.seenOrderIds.keys().next().value;
      if (oldest !== undefined) this.seenOrderIds.delete(oldest);
    }
  }

  private knownBefore(mark: number): (id: number) => boolean {
    return (id) => (this.seenOrderIds.get(id) ?? Number.POSITIVE_INFINITY) <= mark;
  }

  async createOrder(o: LimitOrderRequest): Promise<PlaceOrderResult> {
    const op = 'create order';
    if (o.side !== 'buy' && o.side !== 'sell')
      throw validationError(op, `Side must be buy or sell (got ${String(o.side)}).`, 'side');
    const pair = await this.pairInfo(op, o.pair);
    const { price, amount } = this.checked(op, pair, o.side, { price: o.price, amount: o.amount });
    const form = { type: o.side, pair: o.pair, amount: amount as string, price: price as string };
    const sentAt = this.now();
    const known = this.knownBefore(this.seenSeq);
    const validTill: ValidTillStamp = { at: null };
    let w: ReturnType<typeof v1.createOrderSchema.parse>;
    let reply: Reply;
    try {
      reply = await this.execute({
        name: op,
        method: 'POST',
        path: PATHS.createOrder,
        form,
        auth: 'v1',
        priority: PRIORITY.create,
        idempotent: false,
        validTill,
      });
      w = validate(v1.createOrderSchema, reply.body, 'order', op);
    } catch (e) {
      if (nothingSent(e)) return notSent(e as Error);
      if (!isUncertainPlacement(e)) throw e;
      return reconcileV1(
        { sleep: this.sleep, now: this.now, settleMs: RECONCILE_SETTLE_MS },
        { pair: o.pair, side: o.side, price: form.price, amount: form.amount },
        sentAt,
        async () => (await this.ownOrders({ pair: o.pair, side: o.side })).filter((x) => !known(x.id)),
        `The exchange did not confirm the order (${e.message})`,
        this.honouredDeadline('v1', validTill),
      );
    }
    this.rememberOrder(w.oid);
    if (w.success === false) {
      throw new ApiError({
        kind: 'rejected',
        operation: op,
        status: reply.status,
        message: `${op}: the exchange answered success=false`,
      });
    }
    const remaining = new D(w.amount);
    const filled = D.max(0, new D(form.amount).minus(remaining));
    const order: Order = {
      id: w.oid,
      clientOrderId: null,
      accountId: null,
      pair: o.pair,
      side: o.side,
      type: 'LIMIT',
      tif: null,
      price: form.price,
      stopPrice: null,
      amount: form.amount,
      filled: filled.toFixed(),
      cancelled: '0',
      status: remaining.isZero() ? 'FILLED' : filled.isZero() ? 'OPEN' : 'PARTIAL_FILLED',
      walletType: 'SPOT',
      createdAt: w.date,
      updatedAt: null,
      doneAt: remaining.isZero() ? w.date : null,
      expireAt: null,
    };
    const fills: OwnTrade[] = w.trades.map((t) => ({
      id: t.tid,
      orderId: w.oid,
      pair: o.pair,
      side: o.side,
      price: t.price,
      amount: t.amount,
      fee: '0',
      feeCurrency: null,
      feeRate: null,
      isMaker: false,
      time: w.date,
      walletType: 'SPOT',
      accountId: null,
    }));
    return { outcome: 'created', orderId: w.oid, clientOrderId: null, order, fills, message: null };
  }

  async cancelOrder(id: number): Promise<void> {
    const op = 'cancel order';
    if (!Number.isSafeInteger(id) || id <= 0)
      throw validationError(op, `Order id must be a positive whole number (got ${id}).`, 'id');
    try {
      const reply = await this.execute({
        name: op,
        method: 'POST',
        path: PATHS.cancelOrder,
        form: { order: String(id) },
        auth: 'v1',
        priority: PRIORITY.cancel,
        idempotent: false,
      });
      validate(v1.cancelOrderSchema, reply.body, 'cancel', op);
    } catch (e) {
      if (!isUncertain(e)) throw e;
      // Never resend blindly: find out what happened to the order.
      let state: Order;
      try {
        state = await this.order(id);
      } catch (e2) {
        throw new ApiError({
          kind: e.kind,
          operation: op,
          status: e.status,
          message: `${op}: the exchange did not confirm cancelling order ${id}, and reading the order failed (${(e2 as Error).message}). Its state is unknown.`,
        });
      }
      if (state.status === 'CANCELLED' || state.status === 'PARTIAL_CANCELLED') return;
      throw new ApiError({
        kind: e.kind,
        operation: op,
        status: e.status,
        message: `${op}: the exchange did not confirm cancelling order ${id}; the order is ${state.status}${state.status === 'FILLED' ? ', nothing left to cancel' : ', cancel it again'}.`,
      });
    }
  }

  async ownTrades(q?: OwnTradesQuery) {
    const op = 'exchanges/own';
    const query = {
      type: q?.side,
      pair: q?.pair,
      limit: posInt(op, 'limit', q?.limit),
      offset: posInt(op, 'offset', q?.offset),
      ordering: q?.ordering,
    };
    return this.list(this.v1get(op, PATHS.ownExchanges, query), v1.ownTradeV1Schema, 'exchanges');
  }

  async deposits() {
    return this.list(this.v1get('deposits', PATHS.deposits), v1.depositSchema, 'deposits');
  }

  async withdraws(q?: WithdrawsQuery) {
    const query = { currency_id: q?.currencyId, status: q?.status ? WITHDRAW_CODE[q.status] : undefined };
    return this.list(this.v1get('withdraws', PATHS.withdraws, query), v1.withdrawSchema, 'withdraws');
  }

  // ------------------------------------------------------------------ v3 private

  async feeInfo() {
    return this.list(this.v3get('feeinfo', PATHS.feeInfo), v3.feeSchema, 'fees');
  }

  async ordersV3(q?: OrdersV3Query) {
    const query = {
      pair: q?.pair,
      open_only: q?.openOnly ? 'true' : undefined,
      side: q?.side ? sideToV3(q.side) : undefined,
    };
    return this.history('orders', PATHS.ordersV3, q ?? {}, query, v3.orderV3Schema, 'orders', (o) => o.createdAt);
  }

  async placeOrderV3(o: OrderRequestV3): Promise<PlaceOrderResult> {
    const op = 'place order';
    if (o.side !== 'buy' && o.side !== 'sell')
      throw validationError(op, `Side must be buy or sell (got ${String(o.side)}).`, 'side');
    const pair = await this.pairInfo(op, o.pair);
    const isLimit = o.type === 'LIMIT' || o.type === 'STOP_LIMIT';
    const isStop = o.type === 'STOP_LIMIT' || o.type === 'STOP_MARKET';
    if (!['LIMIT', 'MARKET', 'STOP_LIMIT', 'STOP_MARKET'].includes(o.type)) {
      throw validationError(
        op,
        `Order type ${String(o.type)} is not LIMIT, MARKET, STOP_LIMIT or STOP_MARKET.`,
        'type',
      );
    }
    if (isLimit && (o.price === undefined || o.amount === undefined)) {
      throw validationError(
        op,
        `A ${o.type} order needs a price and an amount.`,
        o.price === undefined ? 'price' : 'amount',
      );
    }
    if (!isLimit && o.price !== undefined)
      throw validationError(op, `A ${o.type} order takes no limit price; remove it.`, 'price');
    if (!isLimit && (o.amount === undefined) === (o.quoteAmount === undefined)) {
      throw validationError(op, `A ${o.type} order needs either an amount or a quote amount (not both).`, 'amount');
    }
    if (isLimit && o.quoteAmount !== undefined)
      throw validationError(op, 'A quote amount is allowed for market orders only.', 'quoteAmount');
    if (isStop && (o.stopPrice === undefined || o.stopOperator === undefined)) {
      throw validationError(op, `A ${o.type} order needs a stop price and a stop operator (GTE or LTE).`, 'stopPrice');
    }
    const { price, amount } = this.checked(op, pair, o.side, {
      price: o.price ?? null,
      amount: o.amount ?? null,
    });
    let stopPrice: string | null = null;
    if (isStop) stopPrice = this.checked(op, pair, o.side, { price: o.stopPrice as string }).price;
    const quote = o.quoteAmount !== undefined ? this.amountArg(op, o.quoteAmount, 'quoteAmount', 'Quote amount') : null;
    const clientOrderId = o.clientOrderId ?? this.newClientOrderId();
    const body: Record<string, unknown> = {
      ...(o.accountId !== undefined ? { account_id: o.accountId } : {}),
      wallet_type: o.walletType ?? 'SPOT',
      pair: o.pair,
      order_side: sideToV3(o.side),
      order_type: o.type,
      tif: o.tif ?? 'GTC',
      expire_after: o.expireAfter !== undefined ? rfc3339(o.expireAfter) : '',
      side_effect: o.sideEffect ?? '',
      limit_price: num(price ?? '0'),
      base_amount: num(amount ?? '0'),
      quote_amount: num(quote ?? '0'),
      stop_price: num(stopPrice ?? '0'),
      stop_operator: o.stopOperator ?? '',
      client_order_id: clientOrderId,
      // valid_till is stamped at send time (stampValidTill).
      // Sent only when asked for, so every other order's body stays as the exchange's samples show it.
      ...(o.postOnly ? { post_only: true } : {}),
    };
    const sentAt = this.now();
    const validTill: ValidTillStamp = { v3Body: body, at: null };
    let id: number;
    try {
      const reply = await this.execute({
        ...this.v3write(op, 'POST', PATHS.ordersV3, body, PRIORITY.create),
        validTill,
      });
      id = validate(v3.placeOrderV3Schema, reply.body, 'order_id', op);
    } catch (e) {
      if (nothingSent(e)) return notSent(e as Error, clientOrderId);
      if (!isUncertainPlacement(e)) throw e;
      return reconcileV3(
        { sleep: this.sleep, now: this.now, settleMs: RECONCILE_SETTLE_MS },
        clientOrderId,
        () =>
          this.ordersV3({ pair: o.pair, from: sentAt - ORDERS_V3_LOOKBACK_MS, to: this.now() + ORDERS_V3_LOOKBACK_MS }),
        `The exchange did not confirm the order (${e.message})`,
        this.honouredDeadline('v3', validTill),
      );
    }
    return { outcome: 'created', orderId: id, clientOrderId, order: null, fills: [], message: null };
  }

  private newClientOrderId(): string {
    let r = '';
    for (let i = 0; i < 4; i++)
      r += Math.floor(this.random() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return `alpt-${this.now().toString(36)}-${r}`;
  }

  async cancelOrdersV3(q: CancelOrdersV3Request): Promise<number[]> {
    const op = 'cancel orders';
    const ids = q.orderIds ?? [];
    if (!q.all && ids.length === 0)
      throw validationError(op, 'Give the order ids to cancel, or all: true.', 'orderIds');
    for (const id of ids) {
      if (!Number.isSafeInteger(id) || id <= 0)
        throw validationError(op, `Order id ${id} is not a positive whole number.`, 'orderIds');
    }
    const body = { order_ids: ids, all: q.all === true, pair: q.pair ?? '' };
    try {
      const reply = await this.execute(this.v3write(op, 'DELETE', PATHS.ordersV3, body, PRIORITY.cancel));
      return validate(v3.cancelOrdersV3Schema, reply.body, 'order_ids', op);
    } catch (e) {
      if (!isUncertain(e)) throw e;
      // Never resend blindly: read the orders' state.
      let recent: Order[];
      try {
        recent = await this.ordersV3({ ...(q.pair ? { pair: q.pair } : {}) });
      } catch (e2) {
        throw new ApiError({
          kind: e.kind,
          operation: op,
          status: e.status,
          message: `${op}: the exchange did not confirm the cancel, and reading the orders failed (${(e2 as Error).message}). Their state is unknown.`,
        });
      }
      const targets = q.all ? recent : recent.filter((o) => ids.includes(o.id));
      const stillOpen = targets.filter(
        (o) => o.status === 'OPEN' || o.status === 'PARTIAL_FILLED' || o.status === 'PENDING',
      );
      if (stillOpen.length === 0) {
        return targets.filter((o) => o.status === 'CANCELLED' || o.status === 'PARTIAL_CANCELLED').map((o) => o.id);
      }
      throw new ApiError({
        kind: e.kind,
        operation: op,
        status: e.status,
        message: `${op}: the exchange did not confirm the cancel; order(s) ${stillOpen.map((o) => o.id).join(', ')} are still open, cancel again.`,
      });
    }
  }

  async accounts(q?: { includeSubaccounts?: boolean }) {
    const query = { include_subaccounts: q?.includeSubaccounts ? 'true' : undefined };
    return this.list(this.v3get('accounts', PATHS.accounts, query), v3.accountSchema, 'accounts');
  }

  async accountTrades(q?: AccountTradesQuery) {
    const query = { pair: q?.pair, side: q?.side ? sideToV3(q.side) : undefined };
    return this.history(
      'accounts/trades',
      PATHS.accountTrades,
      q ?? {},
      query,
      v3.accountTradeSchema,
      'trades',
      (t) => t.time,
    );
  }

  async accountBalances() {
    return this.list(this.v3get('accounts/balances', PATHS.accountBalances), v3.balanceV3Schema, 'balances');
  }

  async walletActivity(q?: WalletActivityQuery) {
    const query = { currency: q?.currency, side: q?.side ? sideToV3(q.side) : undefined };
    return this.history(
      'wallets/activity',
      PATHS.walletActivity,
      q ?? {},
      query,
      v3.walletMotionSchema,
      'activity',
      (m) => m.time,
    );
  }

  async marginPositions(q: { isolated?: boolean; cross?: boolean }) {
    const op = 'margin';
    if (!q.isolated && !q.cross)
      throw validationError(op, 'Ask for isolated or cross margin positions (or both).', 'isolated');
    const query = { isolated_margin: q.isolated ? 'true' : undefined, cross_margin: q.cross ? 'true' : undefined };
    return this.list(this.v3get(op, PATHS.margin, query), v3.marginPositionSchema, 'positions');
  }

  private marginWalletCheck(op: string, walletType: string, pair: string | undefined) {
    if (walletType !== 'ISOLATED_MARGIN' && walletType !== 'CROSS_MARGIN') {
      throw validationError(
        op,
        `Wallet type must be ISOLATED_MARGIN or CROSS_MARGIN (got ${walletType}).`,
        'walletType',
      );
    }
    if (walletType === 'ISOLATED_MARGIN' && !pair) throw validationError(op, 'Isolated margin needs the pair.', 'pair');
  }

  async closeMargin(q: CloseMarginRequest): Promise<void> {
    const op = 'close margin';
    this.marginWalletCheck(op, q.walletType, q.pair);
    await this.execute(
      this.v3write(op, 'DELETE', PATHS.margin, { pair: q.pair ?? '', wallet_type: q.walletType }, PRIORITY.create),
    );
  }

  private marginQuery(q?: MarginHistoryQuery, withOpenOnly = false): Query {
    return { pair: q?.pair, currency: q?.currency, open_only: withOpenOnly && q?.openOnly ? 'true' : undefined };
  }

  async marginBorrows(q?: MarginHistoryQuery) {
    return this.history(
      'margin/borrow',
      PATHS.marginBorrow,
      q ?? {},
      this.marginQuery(q, true),
      v3.marginBorrowSchema,
      'borrows',
      (b) => b.time,
    );
  }

  async borrow(r: BorrowRequest): Promise<void> {
    const op = 'borrow';
    this.marginWalletCheck(op, r.walletType, r.pair);
    const amount = this.amountArg(op, r.amount);
    const body = {
      currency: r.currency,
      pair: r.pair ?? '',
      wallet_type: r.walletType,
      type: r.type,
      borrow: num(amount),
    };
    await this.execute(this.v3write(op, 'POST', PATHS.marginBorrow, body, PRIORITY.create));
  }

  async marginTransfers(q?: MarginHistoryQuery) {
    return this.history(
      'margin/transfer',
      PATHS.marginTransfer,
      q ?? {},
      this.marginQuery(q),
      v3.marginTransferSchema,
      'transfers',
      (t) => t.time,
    );
  }

  async transfer(r: TransferRequest): Promise<void> {
    const op = 'transfer';
    this.marginWalletCheck(op, r.walletType, r.pair);
    if (r.direction !== 'ADD' && r.direction !== 'SUB')
      throw validationError(op, 'Direction must be ADD or SUB.', 'direction');
    const amount = this.amountArg(op, r.amount);
    const body = {
      wallet_type: r.walletType,
      direction: r.direction,
      currency: r.currency,
      amount: num(amount),
      pair: r.pair ?? '',
      note: r.note ?? '',
    };
    await this.execute(this.v3write(op, 'POST', PATHS.marginTransfer, body, PRIORITY.create));
  }

  async marginRepays(q?: MarginHistoryQuery) {
    return this.history(
      'margin/repay',
      PATHS.marginRepay,
      q ?? {},
      this.marginQuery(q),
      v3.marginRepaySchema,
      'repays',
      (r) => r.time,
    );
  }

  async repay(r: RepayRequest): Promise<void> {
    const op = 'repay';
    this.marginWalletCheck(op, r.walletType, r.pair);
    const amount = this.amountArg(op, r.amount);
    const body = {
      wallet_type: r.walletType,
      type: r.type,
      currency: r.currency,
      amount: num(amount),
      pair: r.pair ?? '',
    };
    await this.execute(this.v3write(op, 'POST', PATHS.marginRepay, body, PRIORITY.create));
  }

  async marginInterest(q?: MarginHistoryQuery) {
    return this.history(
      'margin/interest',
      PATHS.marginInterest,
      q ?? {},
      this.marginQuery(q),
      v3.marginInterestSchema,
      'interest',
      (i) => i.time,
    );
  }

  async marginLiquidations(q?: MarginHistoryQuery) {
    return this.history(
      'margin/liquidation',
      PATHS.marginLiquidation,
      q ?? {},
      this.marginQuery(q, true),
      v3.marginLiquidationSchema,
      'liquidations',
      (l) => l.createdAt,
    );
  }

  async walletAddresses(): Promise<never> {
    throw new ApiError({
      kind: 'unsupported',
      operation: 'wallets/addresses',
      message: 'Deposit addresses are not yet offered by the exchange (the API lists them as "coming soon").',
    });
  }

  async withdraw(): Promise<never> {
    throw new ApiError({
      kind: 'unsupported',
      operation: 'wallets/withdraw',
      message: 'Withdrawals are not yet offered by the exchange API (listed as "coming soon").',
    });
  }

  // ------------------------------------------------------------------ observability

  traces(): RequestTrace[] {
    return this.log.list();
  }

  privateBudget(): RateBudget {
    if (!this.privateLimiter) {
      const l = this.deps.limits ?? DEFAULT_LIMITS;
      return { limit: l.privatePerWindow, windowMs: l.windowMs, used: 0, queued: 0 };
    }
    return this.privateLimiter.budget();
  }

  onTrace(listener: (t: RequestTrace) => void): () => void {
    return this.log.subscribe(listener);
  }
}

export function createAlpClient(deps: AlpClientDeps): AlpClient {
  return new AlpHttpClient(deps);
}
