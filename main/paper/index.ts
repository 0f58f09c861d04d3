import type { AddressInfo } from 'node:net';
import { TokenIssuer } from './auth';
import { PaperCore } from './core';
import type { ChangeListener } from './events';
import { CommitDiffer } from './events-standin';
import { Persistence } from './persistence';
import { mulberry32 } from './random';
import { SlidingWindowLimiter } from './rateLimit';
import { currentRoutes, withCurrentRoutes } from './routes/current';
import { v1Routes } from './routes/v1';
import { v3Routes } from './routes/v3';
import { createPaperServer } from './server';
import { MarketSimulator } from './simulator';
import { PaperWsHub, type WsOptions } from './ws/hub';

export interface PaperAccountSeed {
  key: string;
  secret: string;
  balances: Record<string, string>;
  name?: string;
  email?: string;
}

export interface PaperExchangeOptions {
  host?: string;
  port?: number;
  seed?: number;
  simulate?: boolean;
  statePath?: string;
  accounts?: PaperAccountSeed[];
  now?: () => number;
  tokenTtlMs?: number;
  /** Simulator step period (ms); default 250. */
  simIntervalMs?: number;
  /** Period of the time-driven work (expiry, interest, liquidation); default 1000 ms. */
  tickIntervalMs?: number;
  /** Rate limits per sliding second (tests and benchmarks lift them); default 2 private per account, 100 public per IP. */
  limits?: { privatePerSecond?: number; publicPerSecond?: number };
  /** WebSocket keepalive, slow-consumer bound and push periods (see ws/hub.ts for the defaults). */
  ws?: WsOptions;
}

export interface PaperExchangeHandle {
  url: string;
  port: number;
  /** Adds (or updates the credentials/seeds of) an account at runtime; returns the account id. */
  ensureAccount(seed: PaperAccountSeed): number;
  close(): Promise<void>;
}

/** Everything a test needs beyond the public handle: the core and the time-driven hooks. */
export interface PaperExchangeInternals extends PaperExchangeHandle {
  core: PaperCore;
  /** Subscribes to committed changes (see events.ts); returns the unsubscribe function. */
  onCommitted(listener: ChangeListener): () => void;
  /** Runs expiry, interest and liquidation at `now` (as the timer does). */
  tick(now?: number): boolean;
  /** Runs one simulator step (when simulating). */
  simStep(now?: number): void;
}

/** A limiter that admits everything, for `limits: {...: Infinity}` (benchmarks): it keeps no history at all. */
class UnlimitedLimiter extends SlidingWindowLimiter {
  override tryAcquire(): boolean {
    return true;
  }
}

function limiterOf(perSecond: number): SlidingWindowLimiter {
  return Number.isFinite(perSecond) ? new SlidingWindowLimiter(perSecond, 1000) : new UnlimitedLimiter(0, 1000);
}

/** Journal records between snapshots: keeps restarts fast however long the exchange has run. */
const SNAPSHOT_EVERY = 20_000;

export async function startPaperExchange(opts: PaperExchangeOptions = {}): Promise<PaperExchangeInternals> {
  const now = opts.now ?? Date.now;
  const seed = opts.seed ?? 1;
  const simulate = opts.simulate ?? true;
  let persistence: Persistence | null = null;
  let core: PaperCore;
  if (opts.statePath !== undefined) {
    const loaded = Persistence.load(opts.statePath);
    core = new PaperCore(loaded.state ?? undefined);
    for (const cmd of loaded.commands) core.replay(cmd);
    persistence = new Persistence(opts.statePath, loaded.seq);
    const p = persistence;
    core.sink = (cmd) => p.append(cmd);
  } else core = new PaperCore();
  core.genesis(now(), seed, simulate);
  for (const a of opts.accounts ?? []) core.ensureAccount(a, now());

  // TEMPORARY (until H1's paper-core feed is merged): changes are found by diffing at each commit point.
  const changes = new CommitDiffer(core);
  const commit = (): void => {
    if (persistence !== null) {
      persistence.sync();
      if (persistence.journalLength >= SNAPSHOT_EVERY) persistence.snapshot(core.state);
    }
    changes.flush();
  };
  commit();

  // Paths both dialects share are served by the current routes, which answer the union of both shapes.
  const routes = withCurrentRoutes([...v1Routes(core), ...v3Routes(core)], currentRoutes(core));
  const tokens = new TokenIssuer(opts.tokenTtlMs ?? 15 * 60_000);
  const server = createPaperServer({
    core,
    routes,
    now,
    tokens,
    privateLimiter: limiterOf(opts.limits?.privatePerSecond ?? 2),
    publicLimiter: limiterOf(opts.limits?.publicPerSecond ?? 100),
    commit,
  });
  const onCommitted = (listener: ChangeListener): (() => void) => changes.subscribe(listener);
  const hub = new PaperWsHub({ server, core, tokens, now, onCommitted }, opts.ws);

  const sim = simulate ? new MarketSimulator(core, mulberry32(seed ^ (core.state.counters.order * 2654435761))) : null;
  const tick = (t = now()): boolean => {
    const changed = core.tick(t);
    if (changed) commit();
    return changed;
  };
  const simStep = (t = now()): void => {
    sim?.step(t);
    changes.flush();
  };
  simStep();
  const timers: NodeJS.Timeout[] = [setInterval(() => tick(), opts.tickIntervalMs ?? 1000)];
  if (sim !== null) timers.push(setInterval(() => simStep(), opts.simIntervalMs ?? 250));
  for (const t of timers) t.unref();

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    core,
    tick,
    simStep,
    onCommitted,
    ensureAccount(s: PaperAccountSeed): number {
      const id = core.ensureAccount(s, now());
      commit();
      return id;
    },
    async close(): Promise<void> {
      for (const t of timers) clearInterval(t);
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (persistence !== null) {
        persistence.snapshot(core.state);
        persistence.close();
      }
    },
  };
}

export { PaperCore } from './core';
export type { ChangeListener, CommittedChange } from './events';
export type { WsOptions } from './ws/hub';
export { OrderBook, BUY, SELL, type BookSide, type FillSink } from './engine/book';
export { hmacHex, quotePlus, v1SignedPayloads } from './auth';
export { MARGIN_RULES } from './margin';
export { PAIRS, CURRENCIES, DEFAULT_FEES } from './market';
