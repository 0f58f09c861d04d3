import type { AddressInfo } from 'node:net';
import { TokenIssuer } from './auth';
import { PaperCore } from './core';
import type { ChangeListener } from './events';
import { type JournalEnd, Persistence, type Recovery } from './persistence';
import { SlidingWindowLimiter } from './rateLimit';
import { currentRoutes, withCurrentRoutes } from './routes/current';
import { v1Routes } from './routes/v1';
import { v3Routes } from './routes/v3';
import type { Route } from './http/routing';
import { type PaperLimits, createPaperServer } from './server';
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
  /** Rate limits and HTTP bounds; tests and benchmarks lift the rate limits here (`Infinity`: no limiter at all). */
  limits?: PaperLimits;
  /** WebSocket keepalive, slow-consumer bound and push periods (see ws/hub.ts for the defaults). */
  ws?: WsOptions;
  /** Compaction: snapshot once the journal holds this many bytes (default 4 MiB)... */
  snapshotJournalBytes?: number;
  /** ...or once the last snapshot is this old and the journal is not empty (default 10 min). */
  snapshotEveryMs?: number;
  /** How often the compaction policy is checked (default 5 s; a timer, never a request). */
  compactCheckMs?: number;
}

export interface PaperExchangeHandle {
  url: string;
  port: number;
  /**
   * Not null when start-up could not use the saved paper state (a snapshot or journal record that cannot
   * be read or applied): the exchange started fresh, `reason` says why and `movedTo` lists the old files,
   * renamed aside and kept. The app shows "paper state was reset; old files are at ...".
   */
  recovery: Recovery | null;
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
  /** The route table the server dispatches on (the fuzz suite enumerates it). */
  routes: readonly Route[];
}

/** A limiter that admits everything, for `limits: {...: Infinity}` (benchmarks): it keeps no history at all. */
class UnlimitedLimiter extends SlidingWindowLimiter {
  override tryAcquire(): boolean {
    return true;
  }
  override isFull(): boolean {
    return false;
  }
}

function limiterOf(perWindow: number, windowMs: number): SlidingWindowLimiter {
  return Number.isFinite(perWindow) ? new SlidingWindowLimiter(perWindow, windowMs) : new UnlimitedLimiter(0, windowMs);
}

/** Journal records between snapshots: keeps restarts fast however long the exchange has run. */
const SNAPSHOT_EVERY = 20_000;
/** Defaults of the compaction policy (see PaperExchangeOptions). */
const SNAPSHOT_JOURNAL_BYTES = 4 * 1024 * 1024;
const SNAPSHOT_EVERY_MS = 10 * 60_000;
const COMPACT_CHECK_MS = 5_000;

/** Loads the snapshot and replays the journal; throws naming the file or record that cannot be applied. */
export function loadCore(path: string): { core: PaperCore; seq: number; journalEnd: JournalEnd } {
  const loaded = Persistence.load(path);
  let core: PaperCore;
  try {
    core = new PaperCore(loaded.state ?? undefined);
  } catch (e) {
    throw new Error(`snapshot ${path} cannot be loaded: ${e instanceof Error ? e.message : String(e)}`);
  }
  for (const rec of loaded.records) {
    core.seq = rec.s - 1;
    try {
      core.replay(rec.cmd);
    } catch (e) {
      throw new Error(
        `journal record ${rec.s} (${rec.cmd.c}) cannot be applied: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  core.seq = loaded.seq;
  return { core, seq: loaded.seq, journalEnd: loaded.journalEnd };
}

export async function startPaperExchange(opts: PaperExchangeOptions = {}): Promise<PaperExchangeInternals> {
  const now = opts.now ?? Date.now;
  const seed = opts.seed ?? 1;
  const simulate = opts.simulate ?? true;
  let persistence: Persistence | null = null;
  let core: PaperCore;
  let recovery: Recovery | null = null;
  if (opts.statePath !== undefined) {
    let seq = 0;
    let journalEnd: JournalEnd | undefined;
    try {
      ({ core, seq, journalEnd } = loadCore(opts.statePath));
    } catch (e) {
      // Never refuse to start over state the exchange wrote itself: keep the files aside, start fresh.
      const reason = e instanceof Error ? e.message : String(e);
      const movedTo = Persistence.moveAside(opts.statePath, Date.now());
      console.error(`paper exchange: state reset: ${reason}; old files kept at ${movedTo.join(', ')}`);
      recovery = { reason, movedTo };
      core = new PaperCore();
    }
    // Cuts a torn last record (a crash mid-write) before anything is appended after it.
    persistence = new Persistence(opts.statePath, seq, journalEnd);
    const p = persistence;
    core.sink = (cmd, s) => p.append(cmd, s);
  } else core = new PaperCore();
  core.genesis(now(), seed, simulate);
  for (const a of opts.accounts ?? []) core.ensureAccount(a, now());

  const commit = (): void => {
    persistence?.sync();
    core.deliverCommitted();
  };
  /** Compaction, off the request path: snapshot when the journal is large or old enough. */
  const snapshotBytes = opts.snapshotJournalBytes ?? SNAPSHOT_JOURNAL_BYTES;
  const snapshotMs = opts.snapshotEveryMs ?? SNAPSHOT_EVERY_MS;
  const compact = (): void => {
    const p = persistence;
    if (p === null || p.journalLength === 0) return;
    if (
      p.journalBytes >= snapshotBytes ||
      p.journalLength >= SNAPSHOT_EVERY ||
      Date.now() - p.lastSnapshotAt >= snapshotMs
    )
      p.snapshot(core.state);
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
    privateLimiter: limiterOf(opts.limits?.privatePerSecond ?? 2, opts.limits?.rateWindowMs ?? 1000),
    publicLimiter: limiterOf(opts.limits?.publicPerSecond ?? 100, opts.limits?.rateWindowMs ?? 1000),
    commit,
    limits: opts.limits,
  });
  const onCommitted = (listener: ChangeListener): (() => void) => core.onCommitted(listener);
  const hub = new PaperWsHub({ server, core, tokens, now, onCommitted }, opts.ws);

  const tick = (t = now()): boolean => {
    const changed = core.tick(t);
    if (changed) commit();
    return changed;
  };
  const simStep = (t = now()): void => {
    core.simStep(t);
    // Simulated trades reach subscribers promptly, once the journal file has them (not fsynced: nobody was told).
    persistence?.flush();
    core.deliverCommitted();
  };
  simStep();
  const timers: NodeJS.Timeout[] = [
    setInterval(() => tick(), opts.tickIntervalMs ?? 1000),
    setInterval(compact, opts.compactCheckMs ?? COMPACT_CHECK_MS),
  ];
  if (core.state.genesis?.simulate === true) timers.push(setInterval(() => simStep(), opts.simIntervalMs ?? 250));
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
    recovery,
    core,
    tick,
    simStep,
    routes,
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
export type { PaperLimits } from './server';
export type { ChangeListener, CommittedChange } from './events';
export type { Recovery } from './persistence';
export type { WsOptions } from './ws/hub';
export { OrderBook, BUY, SELL, type BookSide, type FillSink } from './engine/book';
export { hmacHex, quotePlus, v1SignedPayloads } from './auth';
export { MARGIN_RULES } from './margin';
export { PAIRS, CURRENCIES, DEFAULT_FEES } from './market';
