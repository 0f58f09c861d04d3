import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPaperExchange } from '../../main/paper/index';
import { TIMEFRAME_NAMES } from '../../main/paper/candles';
import { PAIRS } from '../../main/paper/market';
import { TestClock, http } from './helpers';

type Row = Record<string, number | string>;

async function runMarket(seed: number, steps: number): Promise<{ trades: unknown; book: unknown; candles: unknown }> {
  const clock = new TestClock();
  const ex = await startPaperExchange({
    port: 0,
    seed,
    now: clock.now,
    simIntervalMs: 3_600_000,
    tickIntervalMs: 3_600_000,
  });
  for (let i = 0; i < steps; i++) ex.simStep(clock.advance(250));
  const out = {
    trades: (await http(`${ex.url}/api/v1/exchanges/?limit=1000`)).body,
    book: (await http(`${ex.url}/api/v1/orderbook/BTC_USD`)).body,
    candles: (await http(`${ex.url}/api/charts/ETH_BTC/5/chart?limit=10`)).body,
  };
  await ex.close();
  return out;
}

describe('simulated market', () => {
  it('opens with a full history for every timeframe, a deep book and a stream of trades', async () => {
    const clock = new TestClock();
    const ex = await startPaperExchange({
      port: 0,
      seed: 7,
      now: clock.now,
      simIntervalMs: 3_600_000,
      tickIntervalMs: 3_600_000,
    });
    try {
      for (const p of PAIRS) {
        for (const tf of TIMEFRAME_NAMES) {
          const candles = (await http(`${ex.url}/api/charts/${p.name}/${tf}/chart`)).body as Row[];
          expect(candles.length, `${p.name} ${tf}`).toBe(720);
          for (const c of candles)
            expect(Number(c.low) <= Number(c.open) && Number(c.open) <= Number(c.high)).toBe(true);
        }
      }
      const ticker = ((await http(`${ex.url}/api/v1/ticker/?pair=BTC_USD`)).body as Row[])[0] as Row;
      expect(Number(ticker.last)).toBeGreaterThan(30_000);
      expect(Number(ticker.last)).toBeLessThan(120_000);
      for (let i = 0; i < 40; i++) ex.simStep(clock.advance(250));
      const book = (await http(`${ex.url}/api/v1/orderbook/BTC_USD?group=1`)).body as { buy: Row[]; sell: Row[] };
      expect(book.buy.length).toBeGreaterThanOrEqual(20);
      expect(book.buy.length).toBeLessThanOrEqual(50);
      expect(book.sell.length).toBeGreaterThanOrEqual(20);
      expect(book.sell.length).toBeLessThanOrEqual(50);
      expect(Number(book.buy[0]?.price)).toBeLessThan(Number(book.sell[0]?.price));
      expect(Number(book.sell[0]?.price) / Number(book.buy[0]?.price)).toBeLessThan(1.01);
      const trades = (await http(`${ex.url}/api/v1/exchanges/?limit=1000`)).body as Row[];
      expect(trades.length).toBeGreaterThan(10); // 10 simulated seconds
    } finally {
      await ex.close();
    }
  });

  it('is deterministic for a seed and a clock, and differs across seeds', async () => {
    const a = await runMarket(11, 60);
    const b = await runMarket(11, 60);
    const c = await runMarket(12, 60);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('restores a simulated exchange from its snapshot after a clean close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-snap-'));
    const clock = new TestClock();
    const opts = {
      port: 0,
      seed: 3,
      now: clock.now,
      statePath: join(dir, 's.json'),
      simIntervalMs: 3_600_000,
      tickIntervalMs: 3_600_000,
    };
    const first = await startPaperExchange(opts);
    for (let i = 0; i < 20; i++) first.simStep(clock.advance(250));
    const trades = (await http(`${first.url}/api/v1/exchanges/?limit=1000`)).body;
    const candles = (await http(`${first.url}/api/charts/BTC_USD/D/chart`)).body;
    await first.close();
    const second = await startPaperExchange(opts);
    // The restarted simulator trades at once; everything from before the restart is there unchanged.
    const lastId = Math.max(...(trades as Row[]).map((t) => Number(t.id)));
    const after = (await http(`${second.url}/api/v1/exchanges/?limit=1000`)).body as Row[];
    expect(after.filter((t) => Number(t.id) <= lastId)).toEqual(trades);
    expect(((await http(`${second.url}/api/charts/BTC_USD/D/chart`)).body as Row[]).slice(0, -1)).toEqual(
      (candles as Row[]).slice(0, -1),
    );
    await second.close();
  });
});
