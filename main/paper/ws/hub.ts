import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { TokenIssuer } from '../auth';
import type { PaperCore } from '../core';
import type { ChangeListener, CommittedChange } from '../events';
import { PAIRS, findPair } from '../market';
import { BookMirror } from './book-mirror';
import { FillValues } from './fill-values';
import { textFrame } from './frame';
import {
  depthMessage,
  diffMessage,
  orderMessage,
  ratesMessage,
  tickerEntry,
  tickerMessage,
  tradeMessage,
  walletMessage,
} from './messages';
import { Outbox, type Recipient } from './outbox';
import { PING, PONG, parseFrame, wireTs } from './protocol';
import { type Topic, parseTopic } from './topics';

export interface WsOptions {
  /** Period of the server's `1` ping (default 20 s, as the live exchange). */
  pingIntervalMs?: number;
  /** A client that sends nothing (no `2`, no command) for this long is closed (default 30 s). */
  pingTimeoutMs?: number;
  /**
   * Slow-consumer bound: a client whose unsent data (the socket's writableLength, plus what the change being fanned
   * out has queued for it) exceeds this when a message is due is disconnected rather than buffered without limit
   * (default 4 MiB).
   */
  maxBufferedBytes?: number;
  /** Largest frame a client may send (default 64 KiB); larger ones close the connection (1009). */
  maxPayloadBytes?: number;
  /** Most simultaneous connections (default 1024); the next upgrade is answered 503. */
  maxClients?: number;
  /** How often changed tickers and rates are pushed (default 1 s). */
  tickerIntervalMs?: number;
  /** How often each `market_depth` subscriber gets a fresh snapshot to resync from (default 10 s). */
  depthIntervalMs?: number;
}

export interface WsDeps {
  server: Server;
  core: PaperCore;
  tokens: TokenIssuer;
  /** Exchange clock: timestamps in messages and token expiry. Keepalive uses real elapsed time. */
  now: () => number;
  onCommitted: (listener: ChangeListener) => () => void;
}

/** Paths the live exchange serves its WebSocket on (`/alp-ws` is the older one the official client uses). */
const WS_PATHS: ReadonlySet<string> = new Set(['/ws', '/alp-ws']);
/** Invalid frames tolerated per connection before it is closed (hostile or broken clients). */
const MAX_INVALID_FRAMES = 100;
const PING_FRAME = textFrame(PING);
const PONG_FRAME = textFrame(PONG);

interface Client extends Recipient {
  ws: WebSocket;
  /**
   * The upgraded TCP socket, which the hub writes its prepared frames to (one write per client per change).
   * `ws` writes to it too (its pong to a client's ping, the close frame), synchronously, as it negotiates no
   * extension: the two never interleave inside a frame (test/paper/ws.frames.test.ts).
   */
  socket: Duplex;
  id: string;
  topics: Set<string>;
  accountId: number | null;
  /** While authenticated: when the token expires (exchange clock, ms) and the API key it was issued for. */
  authExpiresAt: number;
  authKey: string;
  lastHeard: number;
  lastPing: number;
  invalid: number;
  open: boolean;
}

const monotonic = (): number => performance.now();

/**
 * The path of an upgrade's request target without trailing slashes, or null when it is not an origin-form path
 * (`*`, an absolute URL, or `//`, `///`, `//a:b`, which read as an authority and on some of which `new URL` throws).
 */
function upgradePath(target: string | undefined): string | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(target, 'http://paper');
  } catch {
    return null;
  }
  return url.pathname.replace(/\/+$/, '');
}

/**
 * The exchange's WebSocket: one hub on the HTTP server's port. Market messages are produced once per committed
 * change and the same encoded frame is written to every subscriber; private `o`/`w` messages go to the sockets
 * authenticated as the account that owns the order or wallet.
 */
export class PaperWsHub {
  private readonly wss: WebSocketServer;
  private readonly clients = new Set<Client>();
  private readonly subscribers = new Map<string, Set<Client>>();
  private readonly byAccount = new Map<number, Set<Client>>();
  private readonly mirrors = new Map<string, BookMirror>();
  private readonly fills: FillValues;
  private readonly dirtyTickers = new Set<string>();
  /** Frames of the change (or timer push) being fanned out, written once per socket when it ends. */
  private readonly outbox = new Outbox<Client>((c, data) => this.write(c, data));
  private ratesDirty = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: () => void;
  private readonly opts: Required<WsOptions>;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void =>
    this.upgrade(req, socket, head);

  constructor(
    private readonly deps: WsDeps,
    options: WsOptions = {},
  ) {
    this.opts = {
      pingIntervalMs: options.pingIntervalMs ?? 20_000,
      pingTimeoutMs: options.pingTimeoutMs ?? 30_000,
      maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
      maxPayloadBytes: options.maxPayloadBytes ?? 64 * 1024,
      maxClients: options.maxClients ?? 1024,
      tickerIntervalMs: options.tickerIntervalMs ?? 1000,
      depthIntervalMs: options.depthIntervalMs ?? 10_000,
    };
    this.fills = new FillValues(deps.core);
    // No perMessageDeflate (also ws's default for servers): frames are prepared once, uncompressed, for everyone.
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.opts.maxPayloadBytes,
      clientTracking: false,
      perMessageDeflate: false,
    });
    this.wss.on('error', () => {}); // errors surface per socket; the server itself must never throw
    deps.server.on('upgrade', this.onUpgrade);
    this.unsubscribe = deps.onCommitted((c) => this.onChange(c));
    const sweep = Math.max(5, Math.floor(Math.min(this.opts.pingIntervalMs, this.opts.pingTimeoutMs) / 4));
    this.timers.push(setInterval(() => this.keepalive(), sweep));
    this.timers.push(setInterval(() => this.pushTickers(), this.opts.tickerIntervalMs));
    this.timers.push(setInterval(() => this.pushDepths(), this.opts.depthIntervalMs));
    for (const t of this.timers) t.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.unsubscribe();
    this.deps.server.off('upgrade', this.onUpgrade);
    for (const c of [...this.clients]) {
      this.remove(c);
      c.ws.terminate();
    }
    this.wss.close();
  }

  // ------------------------------------------------------------------ connections

  /**
   * Runs inside the HTTP server's `upgrade` listener, where a throw is uncaught and ends the process: every step
   * is guarded, the socket's error handler comes first, and anything unexpected refuses and destroys the socket.
   */
  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    };
    try {
      const path = upgradePath(req.url);
      if (path === null) return refuse('400 Bad Request');
      if (!WS_PATHS.has(path)) return refuse('404 Not Found');
      if (this.clients.size >= this.opts.maxClients) return refuse('503 Service Unavailable');
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          this.accept(ws, socket);
        } catch (e) {
          console.error('paper exchange: websocket accept failed', e instanceof Error ? e.message : e);
          ws.terminate();
        }
      });
    } catch (e) {
      console.error('paper exchange: websocket upgrade failed', e instanceof Error ? e.message : e);
      try {
        if (socket.writable) refuse('400 Bad Request');
      } finally {
        socket.destroy();
      }
    }
  }

  private accept(ws: WebSocket, socket: Duplex): void {
    const c: Client = {
      ws,
      socket,
      id: randomUUID(),
      topics: new Set(),
      accountId: null,
      authExpiresAt: 0,
      authKey: '',
      lastHeard: monotonic(),
      lastPing: monotonic(),
      invalid: 0,
      open: true,
      queued: [],
      queuedBytes: 0,
    };
    ws.on('error', () => this.remove(c));
    ws.on('close', () => this.remove(c));
    ws.on('message', (data, isBinary) => {
      try {
        this.onFrame(c, isBinary ? null : data.toString());
      } catch (e) {
        // A bug in handling one frame must not take the exchange down: tell the client, keep serving.
        console.error('paper exchange: websocket frame failed', e instanceof Error ? e.message : e);
        this.error(c, 'Internal error');
      }
    });
    this.clients.add(c);
    const ns = (ms: number): number => ms * 1_000_000;
    this.sendMessage(c, ['welcome', this.ts(), ns(this.opts.pingIntervalMs), ns(this.opts.pingTimeoutMs), c.id]);
  }

  private remove(c: Client): void {
    if (!c.open) return;
    c.open = false;
    this.clients.delete(c);
    for (const name of c.topics) this.leaveTopic(c, name);
    this.setAccount(c, null);
  }

  private keepalive(): void {
    const t = monotonic();
    const now = this.deps.now();
    for (const c of [...this.clients]) {
      if (c.accountId !== null) this.stillAuthenticated(c, now);
      if (t - c.lastHeard > this.opts.pingTimeoutMs) {
        this.remove(c);
        c.ws.close(4000, 'ping timeout');
        continue;
      }
      if (t - c.lastPing >= this.opts.pingIntervalMs) {
        c.lastPing = t;
        this.send(c, PING_FRAME);
      }
    }
  }

  // ------------------------------------------------------------------ client frames

  private onFrame(c: Client, text: string | null): void {
    if (!c.open) return;
    c.lastHeard = monotonic();
    if (text === null) return this.invalid(c, 'Binary frames are not supported');
    const f = parseFrame(text);
    switch (f.kind) {
      case 'pong':
        return;
      case 'ping':
        return this.send(c, PONG_FRAME);
      case 'invalid':
        return this.invalid(c, f.reason);
      case 'command':
        break;
    }
    const cmd = f.command;
    if (cmd.op === 'auth') return this.auth(c, cmd.token);
    const known: Topic[] = [];
    let unknown = false;
    for (const name of cmd.topics) {
      const t = parseTopic(name);
      if (t === null) unknown = true;
      else known.push(t);
    }
    if (unknown) this.error(c, 'Topic does not exist');
    if (known.length === 0) return;
    if (cmd.op === 'unsubscribe') {
      for (const t of known) this.leaveTopic(c, t.name);
      this.sendMessage(c, ['unsubscribe', this.ts(), ...known.map((t) => t.name)]);
      return;
    }
    const fresh = known.filter((t) => !c.topics.has(t.name));
    if (c.topics.size + fresh.length > 64) return this.error(c, 'Too many subscriptions: at most 64 per connection');
    for (const t of fresh) this.joinTopic(c, t);
    this.sendMessage(c, ['subscribe', this.ts(), ...known.map((t) => t.name)]);
    for (const t of fresh) this.sendInitial(c, t);
  }

  private invalid(c: Client, reason: string): void {
    c.invalid++;
    if (c.invalid > MAX_INVALID_FRAMES) {
      this.remove(c);
      c.ws.close(1008, 'too many invalid messages');
      return;
    }
    this.error(c, reason);
  }

  private error(c: Client, message: string): void {
    this.sendMessage(c, ['error', this.ts(), message]);
  }

  private auth(c: Client, token: string): void {
    const claims = this.deps.tokens.verify(token, this.deps.now());
    const account = claims === null ? undefined : this.deps.core.accounts.get(claims.sub);
    if (claims === null || account === undefined || account.internal || account.key !== claims.key) {
      this.error(c, 'Invalid or expired token');
      return;
    }
    c.authExpiresAt = claims.exp * 1000;
    c.authKey = claims.key;
    this.setAccount(c, account.id);
    this.sendMessage(c, ['auth', this.ts(), 'ok']);
  }

  /**
   * A login lasts as long as its token and its API key: once the token has expired or the account was re-keyed,
   * the socket's private messages stop (with an error saying so) until it authenticates again.
   */
  private stillAuthenticated(c: Client, now: number): boolean {
    if (c.accountId === null) return false;
    const account = this.deps.core.accounts.get(c.accountId);
    const expired = now >= c.authExpiresAt;
    if (!expired && account !== undefined && account.key === c.authKey) return true;
    this.setAccount(c, null);
    this.error(c, expired ? 'Token expired: send auth again' : 'API key changed: send auth again');
    return false;
  }

  private setAccount(c: Client, accountId: number | null): void {
    if (c.accountId === accountId) return;
    if (c.accountId !== null) {
      const set = this.byAccount.get(c.accountId);
      set?.delete(c);
      if (set !== undefined && set.size === 0) {
        this.byAccount.delete(c.accountId);
        this.fills.forgetAccount(c.accountId);
      }
    }
    c.accountId = accountId;
    if (accountId !== null) {
      let set = this.byAccount.get(accountId);
      if (set === undefined) {
        set = new Set();
        this.byAccount.set(accountId, set);
      }
      set.add(c);
    }
  }

  // ------------------------------------------------------------------ topics

  private joinTopic(c: Client, t: Topic): void {
    c.topics.add(t.name);
    let set = this.subscribers.get(t.name);
    if (set === undefined) {
      set = new Set();
      this.subscribers.set(t.name, set);
    }
    set.add(c);
    if ((t.kind === 'diff' || t.kind === 'market_depth') && t.pair !== null) this.mirrorOf(t.pair);
  }

  private leaveTopic(c: Client, name: string): void {
    c.topics.delete(name);
    const set = this.subscribers.get(name);
    if (set === undefined) return;
    set.delete(c);
    if (set.size > 0) return;
    this.subscribers.delete(name);
    const t = parseTopic(name);
    // The mirror is kept only while someone follows the pair's book.
    if (t !== null && t.pair !== null && (t.kind === 'diff' || t.kind === 'market_depth')) {
      if (!this.subscribers.has(`diff.${t.pair}`) && !this.subscribers.has(`market_depth.${t.pair}`))
        this.mirrors.delete(t.pair);
    }
  }

  private mirrorOf(pair: string): BookMirror {
    let m = this.mirrors.get(pair);
    if (m === undefined) {
      const spec = findPair(pair);
      if (spec === undefined) throw new Error(`unknown pair ${pair}`);
      m = new BookMirror(spec, this.deps.core.exchange.bookOf(pair));
      this.mirrors.set(pair, m);
    }
    return m;
  }

  private sendInitial(c: Client, t: Topic): void {
    const now = this.deps.now();
    const core = this.deps.core;
    switch (t.kind) {
      case 'market_depth':
        if (t.pair !== null) this.sendMessage(c, depthMessage(now, this.mirrorOf(t.pair)));
        return;
      case 'ticker': {
        const pairs = t.pair === null ? PAIRS : PAIRS.filter((p) => p.name === t.pair);
        this.sendMessage(
          c,
          tickerMessage(
            now,
            pairs.map((p) => tickerEntry(core, p, now)),
          ),
        );
        return;
      }
      case 'rates':
        this.sendMessage(c, ratesMessage(core, now, t.pair === null ? PAIRS : PAIRS.filter((p) => p.name === t.pair)));
        return;
      default:
        return;
    }
  }

  // ------------------------------------------------------------------ fan-out

  private onChange(change: CommittedChange): void {
    if (this.clients.size === 0) return;
    this.outbox.batch(() => this.fanOut(change));
  }

  private fanOut(change: CommittedChange): void {
    const now = this.deps.now();
    for (const pair of change.bookPairs) {
      this.dirtyTickers.add(pair);
      const mirror = this.mirrors.get(pair);
      if (mirror === undefined) continue;
      const d = mirror.update();
      if (d.asks.length > 0 || d.bids.length > 0) this.broadcast(`diff.${pair}`, null, diffMessage(now, pair, d));
    }
    for (const t of change.trades) {
      this.dirtyTickers.add(t.pair);
      this.ratesDirty = true;
      if (this.subscribers.has(`trade.${t.pair}`) || this.subscribers.has('trade.*'))
        this.broadcast(`trade.${t.pair}`, 'trade.*', tradeMessage(now, t));
    }
    if (this.byAccount.size === 0) return;
    for (const o of change.orders) {
      const listeners = this.listenersOf(o.accountId, now);
      if (listeners !== null) this.sendAll(listeners, orderMessage(now, o, this.fills.valueOf(o, change.trades)));
    }
    for (const w of change.wallets) {
      const listeners = this.listenersOf(w.accountId, now);
      if (listeners !== null) this.sendAll(listeners, walletMessage(now, w));
    }
  }

  /** The sockets still authenticated as `accountId` (logins past their token or key are dropped), or null. */
  private listenersOf(accountId: number, now: number): Set<Client> | null {
    const set = this.byAccount.get(accountId);
    if (set === undefined) return null;
    for (const c of [...set]) this.stillAuthenticated(c, now);
    const left = this.byAccount.get(accountId);
    return left === undefined || left.size === 0 ? null : left;
  }

  /** Sends to the subscribers of `topic` and of `wildcard` (once each, even when subscribed to both). */
  private broadcast(topic: string, wildcard: string | null, message: unknown[]): void {
    const direct = this.subscribers.get(topic);
    const all = wildcard === null ? undefined : this.subscribers.get(wildcard);
    if (direct === undefined && all === undefined) return;
    const frame = textFrame(JSON.stringify(message));
    if (direct !== undefined) for (const c of direct) this.send(c, frame);
    if (all !== undefined) for (const c of all) if (direct === undefined || !direct.has(c)) this.send(c, frame);
  }

  private sendAll(clients: Iterable<Client>, message: unknown[]): void {
    const frame = textFrame(JSON.stringify(message));
    for (const c of [...clients]) this.send(c, frame);
  }

  private pushTickers(): void {
    if (this.dirtyTickers.size > 0 || this.ratesDirty) this.outbox.batch(() => this.pushTickerFrames());
  }

  private pushTickerFrames(): void {
    if (this.dirtyTickers.size > 0) {
      const now = this.deps.now();
      const core = this.deps.core;
      const entries: string[][] = [];
      for (const p of PAIRS) {
        if (!this.dirtyTickers.has(p.name)) continue;
        const hasDirect = this.subscribers.has(`ticker.${p.name}`);
        if (!hasDirect && !this.subscribers.has('ticker.*')) continue;
        const entry = tickerEntry(core, p, now);
        entries.push(entry);
        if (hasDirect) this.broadcast(`ticker.${p.name}`, null, tickerMessage(now, [entry]));
      }
      this.dirtyTickers.clear();
      if (entries.length > 0) this.broadcast('ticker.*', null, tickerMessage(now, entries));
    }
    if (this.ratesDirty) {
      this.ratesDirty = false;
      const now = this.deps.now();
      const core = this.deps.core;
      this.broadcast('rates.*', null, ratesMessage(core, now));
      for (const p of PAIRS) this.broadcast(`rates.${p.name}`, null, ratesMessage(core, now, [p]));
    }
  }

  private pushDepths(): void {
    if (this.mirrors.size === 0) return;
    const now = this.deps.now();
    this.outbox.batch(() => {
      for (const [pair, mirror] of this.mirrors)
        this.broadcast(`market_depth.${pair}`, null, depthMessage(now, mirror));
    });
  }

  private sendMessage(c: Client, message: unknown[]): void {
    this.send(c, textFrame(JSON.stringify(message)));
  }

  /**
   * Every frame goes through here: a client past the buffer bound (what the socket has not sent yet plus what
   * this batch has queued for it) is dropped, never buffered further. Inside a batch the frame is queued, to
   * leave with the client's other frames of the batch in one write; outside one it is written at once.
   */
  private send(c: Client, frame: Buffer): void {
    if (!c.open || c.ws.readyState !== WebSocket.OPEN) return;
    // The socket's own count (ws's bufferedAmount reads the same today): it covers the hub's writes and ws's.
    if (c.socket.writableLength + c.queuedBytes > this.opts.maxBufferedBytes) {
      this.remove(c);
      c.ws.terminate();
      return;
    }
    if (this.outbox.isOpen) this.outbox.queue(c, frame);
    else this.write(c, frame);
  }

  /** The one place data is written (whole frames only); a client that closed meanwhile gets nothing. */
  private write(c: Client, data: Buffer): void {
    if (!c.open || c.ws.readyState !== WebSocket.OPEN || !c.socket.writable) return;
    c.socket.write(data);
  }

  private ts(): number {
    return wireTs(this.deps.now());
  }
}
