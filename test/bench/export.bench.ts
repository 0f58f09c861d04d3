/**
 * CSV export bench: 100 000 own trades through the real export service (columns, exact quote amounts, quoting,
 * the formula guard) into one CSV string, and the P&L of the same trades both ways. Goal: export < 1 s.
 * Prints figures with the machine load; asserts nothing.
 */
import { cpus, loadavg } from 'node:os';
import type { AlpClient } from '../../main/api/types';
import { createExportService } from '../../main/export/export-service';
import { computePairPnl } from '../../main/pnl/pair-pnl';
import { createPnlService } from '../../main/pnl/pnl-service';
import type { OwnTrade } from '../../preload/domain';

function syntheticTrades(n: number): OwnTrade[] {
  const out: OwnTrade[] = new Array(n);
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < n; i++) {
    const buy = rnd() < 0.5;
    const amount = (rnd() * 2 + 0.000001).toFixed(6);
    const price = (60000 + (rnd() - 0.5) * 4000).toFixed(2);
    out[i] = {
      id: i + 1,
      orderId: 1_000_000 + i,
      pair: 'BTC_USD',
      side: buy ? 'buy' : 'sell',
      price,
      amount,
      fee: buy ? (Number(amount) * 0.002).toFixed(8) : (Number(amount) * Number(price) * 0.002).toFixed(8),
      feeCurrency: buy ? 'BTC' : 'USD',
      feeRate: '0.002',
      isMaker: rnd() < 0.3,
      time: Date.UTC(2026, 0, 1) + i * 1000,
      walletType: 'SPOT',
      accountId: 7,
    };
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export default async function run(): Promise<void> {
  const N = 100_000;
  const trades = syntheticTrades(N);
  const client = { accountTrades: async () => trades, pairs: async () => [] } as unknown as AlpClient;
  const service = createExportService({ clientFor: () => client, pnl: createPnlService({ clientFor: () => client }) });
  const exportOnce = async () => {
    const t0 = performance.now();
    const r = await service.exportCsv('bench', {
      kind: 'trades',
      from: 0,
      to: Date.UTC(2027, 0, 1),
      method: 'average',
      destination: 'download',
    });
    return { ms: performance.now() - t0, bytes: r.csv?.length ?? 0 };
  };
  await exportOnce(); // warm-up (JIT)
  const runs: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < 5; i++) runs.push(await exportOnce());
  const pnlMs = (method: 'average' | 'fifo') => {
    const t0 = performance.now();
    computePairPnl({ pair: 'BTC_USD', base: 'BTC', quote: 'USD', trades, last: '60000', method }, true);
    return performance.now() - t0;
  };
  pnlMs('average');
  const avg = median([pnlMs('average'), pnlMs('average'), pnlMs('average')]);
  const fifo = median([pnlMs('fifo'), pnlMs('fifo'), pnlMs('fifo')]);
  const load = loadavg()[0] ?? 0;
  const ms = median(runs.map((r) => r.ms));
  console.log(`CSV export and P&L (Node ${process.version}; load ${load.toFixed(1)} on ${cpus().length} CPUs):`);
  console.log(
    `export 100 000 own trades to CSV (median of 5)   ${ms.toFixed(1).padStart(8)} ms  ${ms < 1000 ? '✓' : '✗'} goal < 1000 ms  (${((runs[0]?.bytes ?? 0) / 1e6).toFixed(1)} MB)`,
  );
  console.log(`P&L + ledger of 100 000 trades, average cost     ${avg.toFixed(1).padStart(8)} ms`);
  console.log(`P&L + ledger of 100 000 trades, FIFO             ${fifo.toFixed(1).padStart(8)} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
