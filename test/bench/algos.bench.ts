/**
 * Algo engine costs: the journal's atomic write (temp file, fsync, rename) that precedes every child order, and
 * a whole iceberg of 200 parts run through the engine over the paper core (no HTTP), per child. Prints figures
 * with the machine load; asserts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationHub } from '../../main/alerts/notifier';
import { AlgoEngine } from '../../main/algos/engine';
import { createAlgoJournal } from '../../main/algos/journal';
import { statusOf } from '../../main/algos/status';
import type { AlgoRecord } from '../../main/algos/types';
import { coreClient, newCore } from '../algos/core-client';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export default async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'alp-algo-bench-'));
  try {
    const journal = createAlgoJournal(join(dir, 'j'));
    const record: AlgoRecord = {
      version: 1,
      id: 'bench1',
      profileId: 'p',
      definition: { type: 'twap', pair: 'BTC_USD', side: 'buy', total: '1', durationMs: 60_000, slices: 50 },
      createdAt: 0,
      status: statusOf('running', null, 0),
      held: false,
      cancelRequested: false,
      children: Array.from({ length: 50 }, (_, i) => ({
        seq: i + 1,
        clientOrderId: `bench1-${i + 1}`,
        request: { role: 'slice', side: 'buy' as const, type: 'LIMIT' as const, price: '50000', amount: '0.02' },
        state: 'closed' as const,
        orderId: i + 1,
        filled: '0.02',
        filledValue: '1000',
        placedAt: 0,
        error: null,
      })),
      nextSeq: 51,
      memory: {},
      notes: [],
      lastAction: 'x',
      lastActionAt: 0,
    };
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await journal.save({ ...record, nextSeq: 51 + i });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `journal save (50-child record, fsync): median ${pct(times, 0.5).toFixed(2)} ms, p95 ${pct(times, 0.95).toFixed(2)} ms, max ${(times.at(-1) ?? 0).toFixed(2)} ms`,
    );

    // A 200-part iceberg through the engine over the paper core, each part filled at once by a resting ask.
    let t = Date.UTC(2026, 0, 5);
    const timers: { at: number; fn: () => void }[] = [];
    const core = newCore(t);
    const me = core.ensureAccount({ key: 'a', secret: 's', name: 'a', balances: { USD: '100000000' } }, t);
    const mm = core.ensureAccount({ key: 'b', secret: 's', name: 'b', balances: { BTC: '1000' } }, t);
    core.place(
      {
        accountId: mm,
        pair: 'BTC_USD',
        side: 'SELL',
        type: 'LIMIT',
        tif: 'GTC',
        walletType: 'SPOT',
        price: '50000',
        amount: '2',
      },
      t,
    );
    const engine = new AlgoEngine({
      profileId: 'p',
      client: coreClient(core, me, () => t),
      journal: createAlgoJournal(join(dir, 'e')),
      prices: null,
      notifier: new NotificationHub(),
      now: () => t,
      setTimer: (fn, ms) => {
        const x = { at: t + ms, fn };
        timers.push(x);
        return () => {
          const i = timers.indexOf(x);
          if (i >= 0) timers.splice(i, 1);
        };
      },
    });
    await engine.start();
    const start = performance.now();
    const { id } = await engine.create({
      type: 'iceberg',
      pair: 'BTC_USD',
      side: 'buy',
      total: '2',
      visible: '0.01',
      price: '50000',
    });
    while (engine.list().find((v) => v.id === id)?.status.kind !== 'done') {
      const next = timers.sort((a, b) => a.at - b.at).shift();
      if (!next) break;
      t = Math.max(t, next.at);
      next.fn();
      await engine.settle();
    }
    const ms = performance.now() - start;
    const v = engine.list()[0];
    console.log(
      `iceberg of ${v?.childrenPlaced} parts, engine + journal over the paper core: ${ms.toFixed(0)} ms total, ${(ms / (v?.childrenPlaced ?? 1)).toFixed(2)} ms per child (filled ${v?.filled}/${v?.total})`,
    );
    await engine.stop();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  console.log(
    `load average: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (${(await import('node:os')).cpus().length} cores)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
