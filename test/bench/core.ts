/**
 * Figures for the whole exchange core (wallets, reserves, fees, activity, journal append), beside the bare
 * book of engine.bench.ts: orders/s on a fresh state, in the first and the last 5,000 of 200,000 orders, and
 * the journal size and restart time after a simulated day of the default Paper profile.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PaperCore } from '../../main/paper/core';
import { isActive } from '../../main/paper/exchange';
import { loadCore } from '../../main/paper/index';
import { scaledText } from '../../main/paper/money';
import { Persistence } from '../../main/paper/persistence';
import { BUY, type BookSide } from '../../main/paper/engine/book';
import { mulberry32 } from '../../main/paper/random';
import { currentRoutes, withCurrentRoutes } from '../../main/paper/routes/current';
import { v1Routes } from '../../main/paper/routes/v1';
import { v3Routes } from '../../main/paper/routes/v3';
import { readRoute } from '../support/paperRoutes';

const T0 = Date.UTC(2024, 0, 10);
const BALANCES = { USD: '100000000000', BTC: '10000000' };

export interface CoreRun {
  orders: number;
  ops: number;
  ms: number;
  /** CPU time of the process over the run (user + system): steadier than wall time on a loaded machine. */
  cpuMs: number;
  /** Orders/s of each consecutive block of `block` orders. */
  blocks: number[];
  trades: number;
  journalBytes: number;
  /** The core after the run (for route reads on the accumulated state). */
  core: PaperCore;
  /** The two user accounts that placed the orders. */
  accounts: number[];
  /** Time of the last command. */
  now: number;
}

/**
 * Places `orders` limit orders on BTC_USD from two user accounts (a mixed flow: resting, crossing, cancels
 * of about a third of them) through PaperCore with the journal appended to a temp file.
 */
export function runCore(orders: number, block: number, seed = 5): CoreRun {
  const dir = mkdtempSync(join(tmpdir(), 'paper-core-bench-'));
  const persistence = new Persistence(join(dir, 'state.json'), 0);
  const core = new PaperCore();
  core.sink = (c, s) => persistence.append(c, s);
  core.genesis(T0, 1, false);
  const accounts = ['a', 'b'].map((k) => core.ensureAccount({ key: k, secret: k, name: k, balances: BALANCES }, T0));
  const rnd = mulberry32(seed);
  const live: number[] = [];
  const marks: number[] = [];
  const mid = 6_000_000;
  let placed = 0;
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  while (placed < orders) {
    ops++;
    const r = rnd();
    if (r < (live.length > 4000 ? 0.45 : 0.25) && live.length > 0) {
      const j = Math.floor(rnd() * live.length);
      const id = live[j] as number;
      live[j] = live[live.length - 1] as number;
      live.pop();
      const o = core.exchange.order(id);
      if (o !== undefined && isActive(o)) core.cancel(o.accountId, id, T0 + ops);
      continue;
    }
    if (placed % block === 0) marks.push(performance.now());
    const side: BookSide = rnd() < 0.5 ? BUY : 1;
    const crossing = r > 0.8;
    const offset = 1 + Math.floor(rnd() * 50);
    const price = crossing === (side === BUY) ? mid + offset : mid - offset;
    const lots = (1 + Math.floor(rnd() * (crossing ? 300 : 100))) * 100;
    const res = core.place(
      {
        accountId: accounts[placed % 2] as number,
        pair: 'BTC_USD',
        side: side === BUY ? 'BUY' : 'SELL',
        type: 'LIMIT',
        tif: 'GTC',
        walletType: 'SPOT',
        price: scaledText(price, 2),
        amount: scaledText(lots, 6),
      },
      T0 + ops,
    );
    live.push(res.order.id);
    placed++;
  }
  marks.push(performance.now());
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  persistence.close();
  const journalBytes = statSync(join(dir, 'state.json.journal')).size;
  rmSync(dir, { recursive: true, force: true });
  const blocks: number[] = [];
  for (let i = 1; i < marks.length; i++)
    blocks.push(block / (((marks[i] as number) - (marks[i - 1] as number)) / 1000));
  return {
    orders: placed,
    ops,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    blocks,
    trades: core.state.counters.trade,
    journalBytes,
    core,
    accounts,
    now: T0 + ops,
  };
}

export interface RouteRead {
  /** Microseconds per read (median of rounds). */
  us: number;
  /** Rows answered per read. */
  rows: number;
  /** Index entries looked at per read (the indexes' visit counters). */
  visited: number;
  /** Orders and trades in the state (what a scan would walk). */
  stateOrders: number;
  stateTrades: number;
}

/**
 * Times a private GET route's handler (the read alone: no socket, signing or rate limit) for the run's first
 * account: `reads` calls per round, median of `rounds`.
 */
export function timeRouteRead(
  run: CoreRun,
  path: string,
  query: Record<string, string>,
  reads = 200,
  rounds = 5,
): RouteRead {
  const { core } = run;
  const routes = withCurrentRoutes([...v1Routes(core), ...v3Routes(core)], currentRoutes(core));
  const me = run.accounts[0] as number;
  const visits = (): number => core.exchange.index.visits.visited + core.history.visits.visited;
  let rows = 0;
  const times: number[] = [];
  let visited = 0;
  for (let r = 0; r < rounds; r++) {
    const v0 = visits();
    const t0 = performance.now();
    for (let i = 0; i < reads; i++)
      rows = (JSON.parse(readRoute(core, routes, run.now, me, path, query)) as unknown[]).length;
    times.push(((performance.now() - t0) * 1000) / reads);
    visited = (visits() - v0) / reads;
  }
  times.sort((a, b) => a - b);
  return {
    us: times[Math.floor(times.length / 2)] as number,
    rows,
    visited,
    stateOrders: core.state.orders.size,
    stateTrades: core.state.trades.length,
  };
}

export interface DayRun {
  hours: number;
  steps: number;
  /** What the journal would hold without compaction. */
  appendedBytes: number;
  snapshots: number;
  /** Longest a snapshot write took (it runs on the event loop, off the request path). */
  maxSnapshotMs: number;
  /** Largest the journal got between snapshots. */
  maxJournalBytes: number;
  journalBytes: number;
  snapshotBytes: number;
  restartMs: number;
  ms: number;
}

/**
 * Runs the default Paper profile (simulation on, 250 ms steps) for `hours` of simulated time with the
 * exchange's compaction policy (snapshot at 4 MiB of journal or 10 minutes), then restarts from the files.
 */
export function runSimulatedDay(hours: number): DayRun {
  const dir = mkdtempSync(join(tmpdir(), 'paper-day-bench-'));
  const path = join(dir, 'state.json');
  const persistence = new Persistence(path, 0);
  const core = new PaperCore();
  core.sink = (c, s) => persistence.append(c, s);
  core.genesis(T0, 1, true);
  core.ensureAccount({ key: 'u', secret: 'u', name: 'user', balances: BALANCES }, T0);
  persistence.snapshot(core.state);
  let appended = 0;
  let snapshots = 0;
  let maxSnapshotMs = 0;
  let maxJournalBytes = 0;
  let lastSnapshot = T0;
  const steps = Math.round((hours * 3_600_000) / 250);
  const t0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    const t = T0 + i * 250;
    const before = persistence.journalBytes;
    core.simStep(t);
    if (i % 4 === 0) core.tick(t);
    appended += persistence.journalBytes - before;
    maxJournalBytes = Math.max(maxJournalBytes, persistence.journalBytes);
    if (persistence.journalBytes >= 4 * 1024 * 1024 || t - lastSnapshot >= 10 * 60_000) {
      const s0 = performance.now();
      persistence.snapshot(core.state);
      maxSnapshotMs = Math.max(maxSnapshotMs, performance.now() - s0);
      lastSnapshot = t;
      snapshots++;
    }
  }
  const ms = performance.now() - t0;
  persistence.close();
  const journalBytes = statSync(`${path}.journal`).size;
  const snapshotBytes = statSync(path).size;
  const r0 = performance.now();
  loadCore(path);
  const restartMs = performance.now() - r0;
  rmSync(dir, { recursive: true, force: true });
  return {
    hours,
    steps,
    appendedBytes: appended,
    snapshots,
    maxSnapshotMs,
    maxJournalBytes,
    journalBytes,
    snapshotBytes,
    restartMs,
    ms,
  };
}
