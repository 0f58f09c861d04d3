import type { AddressInfo } from 'node:net';
import { TokenIssuer } from './auth';
import { PaperCore } from './core';
import { Persistence } from './persistence';
import { mulberry32 } from './random';
import { SlidingWindowLimiter } from './rateLimit';
import { v1Routes } from './routes/v1';
import { v3Routes } from './routes/v3';
import type { Route } from './http/routing';
import { type PaperLimits, createPaperServer } from './server';
import { MarketSimulator } from './simulator';

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
  /** Rate limits and HTTP bounds; tests and benchmarks lift the rate limits here. */
  limits?: PaperLimits;
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
  /** Runs expiry, interest and liquidation at `now` (as the timer does). */
  tick(now?: number): boolean;
  /** Runs one simulator step (when simulating). */
  simStep(now?: number): void;
  /** The route table the server dispatches on (the fuzz suite enumerates it). */
  routes: readonly Route[];
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

  const commit = (): void => {
    if (persistence === null) return;
    persistence.sync();
    if (persistence.journalLength >= SNAPSHOT_EVERY) persistence.snapshot(core.state);
  };
  commit();

  const routes = [...v1Routes(core), ...v3Routes(core)];
  const server = createPaperServer({
    core,
    routes,
    now,
    tokens: new TokenIssuer(opts.tokenTtlMs ?? 15 * 60_000),
    privateLimiter: new SlidingWindowLimiter(opts.limits?.privatePerSecond ?? 2, 1000),
    publicLimiter: new SlidingWindowLimiter(opts.limits?.publicPerSecond ?? 100, 1000),
    commit,
    limits: opts.limits,
  });

  const sim = simulate ? new MarketSimulator(core, mulberry32(seed ^ (core.state.counters.order * 2654435761))) : null;
  const tick = (t = now()): boolean => {
    const changed = core.tick(t);
    if (changed) commit();
    return changed;
  };
  const simStep = (t = now()): void => {
    sim?.step(t);
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
    routes,
    ensureAccount(s: PaperAccountSeed): number {
      const id = core.ensureAccount(s, now());
      commit();
      return id;
    },
    async close(): Promise<void> {
      for (const t of timers) clearInterval(t);
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
export type { PaperLimits } from './server';
export { OrderBook, BUY, SELL, type BookSide, type FillSink } from './engine/book';
export { hmacHex, quotePlus, v1SignedPayloads } from './auth';
export { MARGIN_RULES } from './margin';
export { PAIRS, CURRENCIES, DEFAULT_FEES } from './market';
