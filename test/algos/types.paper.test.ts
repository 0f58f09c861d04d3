/**
 * Each algo type against the real paper exchange (simulator off), with a scripted counterparty filling the
 * algo's children over HTTP: every child order and the final fills are checked exactly on the exchange.
 */
import { rm } from 'node:fs/promises';
import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpClient } from '../../main/api/types';
import type { PaperExchangeInternals } from '../../main/paper';
import type { Side } from '../../preload/domain';
import {
  COUNTER,
  clientOf,
  exchangeChildren,
  expectDistinctIds,
  polledPrices,
  startEngine,
  startVenue,
  TRADER,
  tempDir,
  until,
} from './helpers';

const THIRD = {
  name: 'algo-third',
  key: 'algo-third-key',
  secret: 'algo-third-secret',
  balances: { USD: '1000000', BTC: '20' },
};

let paper: PaperExchangeInternals;
let trader: AlpClient;
let counter: AlpClient;
let third: AlpClient;
const dirs: string[] = [];

beforeAll(async () => {
  paper = await startVenue({ accounts: [TRADER, COUNTER, THIRD] });
  trader = clientOf(paper.url, TRADER);
  counter = clientOf(paper.url, COUNTER);
  third = clientOf(paper.url, THIRD);
});

afterAll(async () => {
  await paper?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function engineDir(): Promise<string> {
  const d = await tempDir();
  dirs.push(d);
  return d;
}

function limit(c: AlpClient, side: Side, price: string, amount: string) {
  return c.placeOrderV3({ pair: 'BTC_USD', side, type: 'LIMIT', price, amount });
}

/** Makes the last trade price `price` (a tiny trade between the counterparty and a third account). */
async function printTrade(price: string): Promise<void> {
  await limit(counter, 'buy', price, '0.001');
  await limit(third, 'sell', price, '0.001');
}

const open = (paperOrders: ReturnType<typeof exchangeChildren>) =>
  paperOrders.filter((o) => o.status === 'OPEN' || o.status === 'PARTIAL_FILLED' || o.status === 'PENDING');

describe('algo types on the paper exchange', () => {
  it('iceberg: shows one part at a time, refills after each part filled, fills the total exactly', async () => {
    const t = await startEngine(trader, await engineDir());
    const algo = await t.engine.create({
      type: 'iceberg',
      pair: 'BTC_USD',
      side: 'buy',
      total: '0.05',
      visible: '0.02',
      price: '50000',
    });
    // The counterparty fills each visible part in two pieces (a partial fill, then the rest).
    for (let part = 1; part <= 3; part++) {
      const child = await until(`part ${part} on the book`, () => {
        const o = open(exchangeChildren(paper, algo.id));
        return o.length === 1 && exchangeChildren(paper, algo.id).length === part ? o[0] : undefined;
      });
      const half = new Decimal(child.amount).div(2).toFixed();
      await limit(counter, 'sell', '50000', half);
      await until('the partial fill seen', () => t.latest(algo.id).children.some((c) => c.filled === half));
      // Only one part is ever on the book, even part-filled.
      expect(open(exchangeChildren(paper, algo.id))).toHaveLength(1);
      const rest = new Decimal(child.amount).minus(half).toFixed();
      await limit(counter, 'sell', '50000', rest);
    }
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.clientOrderId, o.side, o.type, o.price, o.amount, o.filled, o.status])).toEqual([
      [`${algo.id}-1`, 'BUY', 'LIMIT', '50000', '0.02', '0.02', 'FILLED'],
      [`${algo.id}-2`, 'BUY', 'LIMIT', '50000', '0.02', '0.02', 'FILLED'],
      [`${algo.id}-3`, 'BUY', 'LIMIT', '50000', '0.01', '0.01', 'FILLED'],
    ]);
    const v = t.latest(algo.id);
    expect([v.filled, v.total, v.avgPrice, v.childrenPlaced]).toEqual(['0.05', '0.05', '50000', 3]);
    expect(t.notes.recent.at(-1)?.title).toContain('done');
    await t.engine.stop();
  });

  it('TWAP with a limit: one slice per interval, an unfilled remainder carried into the next slice', async () => {
    const t = await startEngine(trader, await engineDir());
    const algo = await t.engine.create({
      type: 'twap',
      pair: 'BTC_USD',
      side: 'buy',
      total: '0.03',
      durationMs: 9_000,
      slices: 3,
      priceLimit: '51000',
    });
    // Slice 1 fills completely, slice 2 only half (the rest is carried over), slice 3 completely.
    const fills = ['0.01', '0.005', '0.015'];
    for (let k = 1; k <= 3; k++) {
      const child = await until(`slice ${k}`, () =>
        open(exchangeChildren(paper, algo.id)).find((o) => o.clientOrderId === `${algo.id}-${k}`),
      );
      expect(child.amount).toBe(k === 3 ? '0.015' : '0.01');
      await limit(counter, 'sell', '51000', fills[k - 1] as string);
      await until(`slice ${k} fill seen`, () => t.latest(algo.id).filled === ['0.01', '0.015', '0.03'][k - 1]);
    }
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.price, o.amount, o.filled, o.status])).toEqual([
      ['51000', '0.01', '0.01', 'FILLED'],
      ['51000', '0.01', '0.005', 'PARTIAL_CANCELLED'],
      ['51000', '0.015', '0.015', 'FILLED'],
    ]);
    const v = t.latest(algo.id);
    expect([v.filled, v.avgPrice, v.childrenPlaced]).toEqual(['0.03', '51000', 3]);
    expect(v.notes.join('\n')).toContain('Slice 3 carries over 0.005 BTC');
    // Slices start one interval apart (journaled schedule), not all at once.
    expect((kids[2]?.createdAt ?? 0) - (kids[0]?.createdAt ?? 0)).toBeGreaterThanOrEqual(5_500);
    await t.engine.stop();
  });

  it('TWAP: what never fills within the limit is reported, not hidden', async () => {
    const t = await startEngine(trader, await engineDir());
    const algo = await t.engine.create({
      type: 'twap',
      pair: 'BTC_USD',
      side: 'sell',
      total: '0.02',
      durationMs: 2_000,
      slices: 2,
      priceLimit: '90000',
    });
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.amount, o.filled, o.status])).toEqual([
      ['0.01', '0', 'CANCELLED'],
      ['0.02', '0', 'CANCELLED'],
    ]);
    expect(t.latest(algo.id).notes.join('\n')).toContain('0.02 BTC of 0.02 did not fill within the limit 90000');
    await t.engine.stop();
  });

  it('TWAP without a limit: market slices against the book, one per interval', async () => {
    const t = await startEngine(trader, await engineDir());
    await limit(counter, 'sell', '50500', '0.01');
    await limit(counter, 'sell', '50600', '0.01');
    const algo = await t.engine.create({
      type: 'twap',
      pair: 'BTC_USD',
      side: 'buy',
      total: '0.02',
      durationMs: 3_000,
      slices: 2,
    });
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.type, o.side, o.amount, o.filled, o.status])).toEqual([
      ['MARKET', 'BUY', '0.01', '0.01', 'FILLED'],
      ['MARKET', 'BUY', '0.01', '0.01', 'FILLED'],
    ]);
    expect([t.latest(algo.id).filled, t.latest(algo.id).avgPrice]).toEqual(['0.02', '50550']);
    await t.engine.stop();
  });

  it('OCO: a partial take-profit fill reduces the stop; the stop then fills the rest and the take-profit is cancelled', async () => {
    const t = await startEngine(trader, await engineDir());
    await printTrade('50000');
    const algo = await t.engine.create({
      type: 'oco',
      pair: 'BTC_USD',
      side: 'sell',
      amount: '0.02',
      takeProfit: '70000',
      stop: '40000',
    });
    await until('both legs', () => open(exchangeChildren(paper, algo.id)).length === 2);
    await limit(counter, 'buy', '70000', '0.01');
    await until('stop reduced to 0.01', () =>
      open(exchangeChildren(paper, algo.id)).some((o) => o.type === 'STOP_MARKET' && o.amount === '0.01'),
    );
    expect(open(exchangeChildren(paper, algo.id))).toHaveLength(2);
    // A bid for the stop to sell into, then a trade at 39500 triggers it.
    await limit(counter, 'buy', '39500', '0.01');
    await printTrade('39500');
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.type, o.side, o.amount, o.filled, o.status])).toEqual([
      ['LIMIT', 'SELL', '0.02', '0.01', 'PARTIAL_CANCELLED'],
      ['STOP_MARKET', 'SELL', '0.02', '0', 'CANCELLED'],
      ['STOP_MARKET', 'SELL', '0.01', '0.01', 'FILLED'],
    ]);
    const v = t.latest(algo.id);
    expect([v.filled, v.total, v.avgPrice]).toEqual(['0.02', '0.02', '54750']);
    await t.engine.stop();
  });

  it('bracket: the exit OCO is placed for the entry’s filled amount once it has filled', async () => {
    const t = await startEngine(trader, await engineDir());
    await printTrade('50000');
    const algo = await t.engine.create({
      type: 'bracket',
      pair: 'BTC_USD',
      side: 'buy',
      amount: '0.01',
      entryPrice: '50000',
      takeProfit: '55000',
      stop: '45000',
      stopLimit: '44900',
    });
    await until('entry', () => open(exchangeChildren(paper, algo.id)).length === 1);
    await until('waiting for the entry', () => t.latest(algo.id).status.label === 'waiting: entry at 50000');
    await limit(counter, 'sell', '50000', '0.01');
    await until('exit legs', () => open(exchangeChildren(paper, algo.id)).length === 2);
    await limit(counter, 'buy', '55000', '0.01');
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.type, o.side, o.price, o.stopPrice, o.amount, o.filled, o.status])).toEqual([
      ['LIMIT', 'BUY', '50000', '0', '0.01', '0.01', 'FILLED'],
      ['LIMIT', 'SELL', '55000', '0', '0.01', '0.01', 'FILLED'],
      ['STOP_LIMIT', 'SELL', '44900', '45000', '0.01', '0', 'CANCELLED'],
    ]);
    await t.engine.stop();
  });

  it('trailing stop: follows the best price up and fires a market order when the price falls back by the distance', async () => {
    const t = await startEngine(trader, await engineDir(), { prices: polledPrices(trader, 200) });
    await printTrade('50000');
    const algo = await t.engine.create({
      type: 'trailing',
      pair: 'BTC_USD',
      side: 'sell',
      amount: '0.01',
      distance: '1000',
      distanceKind: 'price',
      fire: 'market',
    });
    await until('trailing at 49000', () => t.latest(algo.id).levels[0]?.price === '49000');
    await printTrade('52000');
    await until('trailing at 51000', () => t.latest(algo.id).levels[0]?.price === '51000');
    expect(exchangeChildren(paper, algo.id)).toHaveLength(0);
    await limit(counter, 'buy', '50800', '0.01');
    await printTrade('51500');
    // Above the level: nothing fires.
    await until('saw 51500', async () => (await trader.tickers()).find((x) => x.pair === 'BTC_USD')?.last === '51500');
    expect(exchangeChildren(paper, algo.id)).toHaveLength(0);
    await printTrade('50900');
    await until('done', () => t.latest(algo.id).status.kind === 'done');
    const kids = exchangeChildren(paper, algo.id);
    expect(kids.map((o) => [o.type, o.side, o.amount, o.filled, o.status])).toEqual([
      ['MARKET', 'SELL', '0.01', '0.01', 'FILLED'],
    ]);
    expect(t.latest(algo.id).avgPrice).toBe('50800');
    expectDistinctIds(kids);
    await t.engine.stop();
  });

  it('cancel: cancels the open children and says what filled', async () => {
    const t = await startEngine(trader, await engineDir());
    const algo = await t.engine.create({
      type: 'iceberg',
      pair: 'BTC_USD',
      side: 'sell',
      total: '0.04',
      visible: '0.02',
      price: '80000',
    });
    await until('part 1', () => open(exchangeChildren(paper, algo.id)).length === 1);
    await limit(counter, 'buy', '80000', '0.005');
    await until('fill seen', () => t.latest(algo.id).filled === '0.005');
    const v = await t.engine.cancel(algo.id);
    await until('cancelled', () => t.latest(algo.id).status.kind === 'cancelled');
    expect(v.id).toBe(algo.id);
    expect(open(exchangeChildren(paper, algo.id))).toHaveLength(0);
    expect(t.latest(algo.id).notes.at(-1)).toBe(
      'Cancelled: filled 0.005 of 0.04 BTC at an average 80000 USD, 1 child order.',
    );
    await t.engine.stop();
  });

  it('a refused child stalls the algo with the exchange’s words and a notification', async () => {
    const t = await startEngine(trader, await engineDir());
    const algo = await t.engine.create({
      type: 'iceberg',
      pair: 'BTC_USD',
      side: 'sell',
      total: '900',
      visible: '500',
      price: '80000',
    });
    await until('stalled', () => t.latest(algo.id).status.kind === 'stalled');
    expect(t.latest(algo.id).status.label).toMatch(/^stalled: child 1 refused: .*(insufficient|balance|funds)/i);
    expect(t.notes.recent.at(-1)?.title).toContain('stalled');
    expect(exchangeChildren(paper, algo.id)).toHaveLength(0);
    await t.engine.stop();
  });

  it('refuses a definition the pair cannot trade, and saves nothing', async () => {
    const dir = await engineDir();
    const t = await startEngine(trader, dir);
    await expect(
      t.engine.create({ type: 'twap', pair: 'BTC_USD', side: 'buy', total: '0.000005', durationMs: 5000, slices: 10 }),
    ).rejects.toThrow(/slices would be 0 BTC/);
    expect(t.engine.list()).toHaveLength(0);
    await t.engine.stop();
  });
});
