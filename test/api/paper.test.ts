/**
 * Every AlpClient method over real HTTP on 127.0.0.1 against the paper exchange, with the client's default pacing
 * (2 private calls per 1100 ms) against the paper's own limits: zero 429s, zero nonce rejections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpClient } from '../../main/api';
import type { RequestTrace } from '../../preload/domain';
import type { PaperExchangeInternals } from '../../main/paper';
import { kindOf, startQuietPaper, traderClient } from '../support/paper-traders';

const A = { key: 'paper-key-a', secret: 'paper-secret-a' };
const B = { key: 'paper-key-b', secret: 'paper-secret-b' };

let paper: PaperExchangeInternals;
let a: AlpClient;
let b: AlpClient;
const traces: RequestTrace[] = [];

beforeAll(async () => {
  const balances = { USD: '100000', BTC: '10' };
  paper = await startQuietPaper([
    { ...A, balances },
    { ...B, balances },
  ]);
  a = traderClient(paper.url, A, { traces });
  b = traderClient(paper.url, B, { traces });
});

afterAll(async () => {
  await paper?.close();
});

describe('paper exchange: every method over HTTP', () => {
  it('v1 public', async () => {
    const currencies = await a.currencies();
    expect(currencies.map((c) => c.code)).toEqual(expect.arrayContaining(['BTC', 'USD']));
    const pairs = await a.pairs();
    const btc = pairs.find((p) => p.name === 'BTC_USD');
    expect(btc).toMatchObject({ base: 'BTC', quote: 'USD', pricePrecision: expect.any(Number) });
    expect((await a.pairs({ currency1: 'ETH' })).every((p) => p.base === 'ETH')).toBe(true);
    expect((await a.pairs({ currency2: 'USD' })).every((p) => p.quote === 'USD')).toBe(true);
    const [t] = await a.tickers({ pair: 'BTC_USD' });
    expect(t?.pair).toBe('BTC_USD');
    expect(t?.last).toMatch(/^-?\d+(\.\d+)?$/);
    expect((await a.tickers()).length).toBeGreaterThanOrEqual(pairs.length > 0 ? 1 : 0);
    for (const timeframe of ['5', '15', '30', '60', '240', 'D'] as const) {
      const candles = await a.candles({ pair: 'BTC_USD', timeframe, limit: 3 });
      expect(candles.length).toBeLessThanOrEqual(3);
      for (const c of candles) expect(Number.isSafeInteger(c.time)).toBe(true);
    }
    const now = Date.now();
    const ranged = await a.candles({ pair: 'BTC_USD', timeframe: '60', since: now - 6 * 3_600_000, until: now });
    for (const c of ranged) expect(c.time).toBeGreaterThanOrEqual(now - 7 * 3_600_000);
    const book = await a.orderbook({ pair: 'BTC_USD', limitSell: 5, limitBuy: 5 });
    expect(book.pair).toBe('BTC_USD');
    expect(book.asks.length).toBeLessThanOrEqual(5);
    await a.orderbook({ pair: 'BTC_USD', group: true });
    await a.publicTrades({ pair: 'BTC_USD', limit: 5, offset: 0, ordering: 'id' });
  });

  it('v1 private: orders, fills, cancel, wallets, deposits, withdraws', async () => {
    const w = await a.wallets();
    expect(w.find((x) => x.currency === 'USD')?.balance).toBe('100000');
    expect((await a.wallets({ currencyId: 'BTC' })).every((x) => x.currency === 'BTC')).toBe(true);
    const sell = await a.createOrder({ pair: 'BTC_USD', side: 'sell', price: '90000.5', amount: '0.01' });
    expect(sell.outcome).toBe('created');
    expect(sell.order).toMatchObject({
      pair: 'BTC_USD',
      side: 'sell',
      price: '90000.5',
      amount: '0.01',
      status: 'OPEN',
    });
    const id = sell.orderId as number;
    const single = await a.order(id);
    expect(single).toMatchObject({
      id,
      pair: 'BTC_USD',
      side: 'sell',
      price: '90000.5',
      amount: '0.01',
      status: 'OPEN',
    });
    const open = await a.ownOrders({ pair: 'BTC_USD', status: 'open', side: 'sell', limit: 10 });
    expect(open.map((o) => o.id)).toContain(id);
    // B buys part of it: a fill on both sides
    const buy = await b.createOrder({ pair: 'BTC_USD', side: 'buy', price: '90000.5', amount: '0.004' });
    expect(buy.order?.status).toBe('FILLED');
    expect(buy.fills.reduce((s, f) => s + Number(f.amount), 0)).toBeCloseTo(0.004, 10);
    expect((await a.order(id)).status).toBe('PARTIAL_FILLED');
    const mine = await a.ownTrades({ pair: 'BTC_USD', limit: 10, offset: 0, ordering: '-id' });
    expect(mine.some((t) => t.amount === '0.004' && t.price === '90000.5')).toBe(true);
    expect((await a.publicTrades({ pair: 'BTC_USD' })).some((t) => t.amount === '0.004')).toBe(true);
    await a.cancelOrder(id);
    expect((await a.order(id)).status).toBe('CANCELLED');
    expect(await kindOf(a.cancelOrder(id))).toBe('rejected');
    expect((await a.ownOrders({ status: 'cancelled' })).map((o) => o.id)).toContain(id);
    expect((await b.ownOrders({ status: 'done' })).map((o) => o.id)).toContain(buy.orderId);
    expect(Array.isArray(await a.deposits())).toBe(true);
    expect(Array.isArray(await a.withdraws({ currencyId: 'BTC', status: 'NEW' }))).toBe(true);
    // precision and funds: ours before the wire, the exchange's after
    expect(await kindOf(a.createOrder({ pair: 'BTC_USD', side: 'buy', price: '100.123', amount: '0.01' }))).toBe(
      'validation',
    );
    expect(await kindOf(a.createOrder({ pair: 'BTC_USD', side: 'buy', price: '100000', amount: '900' }))).toBe(
      'rejected',
    );
  });

  it('v3 private: fees, accounts, orders, trades, balances, activity', async () => {
    const fees = await a.feeInfo();
    expect(fees.length).toBeGreaterThan(0);
    const accounts = await a.accounts({ includeSubaccounts: true });
    expect(accounts.length).toBeGreaterThan(0);
    const placed = await a.placeOrderV3({
      pair: 'BTC_USD',
      side: 'sell',
      type: 'LIMIT',
      price: '95000',
      amount: '0.002',
      tif: 'GTC',
    });
    expect(placed.outcome).toBe('created');
    expect(placed.clientOrderId).toMatch(/^alpt-/);
    const orders = await a.ordersV3({ pair: 'BTC_USD', openOnly: true, side: 'sell' });
    const o = orders.find((x) => x.id === placed.orderId);
    expect(o).toMatchObject({
      clientOrderId: placed.clientOrderId,
      status: 'OPEN',
      price: '95000',
      amount: '0.002',
      type: 'LIMIT',
    });
    // a 75-day range is split into windows by the client
    const long = await a.ordersV3({ from: Date.now() - 75 * 86_400_000, to: Date.now() + 60_000 });
    expect(long.map((x) => x.id)).toContain(placed.orderId);
    expect(await a.cancelOrdersV3({ orderIds: [placed.orderId as number] })).toEqual([placed.orderId]);
    expect(await a.cancelOrdersV3({ all: true, pair: 'BTC_USD' })).toEqual([]);
    const trades = await a.accountTrades({ pair: 'BTC_USD', from: Date.now() - 86_400_000 });
    expect(trades.some((t) => t.amount === '0.004')).toBe(true);
    const balances = await a.accountBalances();
    expect(balances.find((x) => x.currency === 'USD' && x.walletType === 'SPOT')).toBeTruthy();
    const activity = await a.walletActivity({ currency: 'USD' });
    expect(activity.length).toBeGreaterThan(0);
  });

  it('v3 margin: transfer, borrow, positions, repay, histories, close; coming-soon operations', async () => {
    await a.transfer({
      walletType: 'CROSS_MARGIN',
      direction: 'ADD',
      currency: 'USD',
      amount: '1000',
      note: 'collateral',
    });
    await a.borrow({ walletType: 'CROSS_MARGIN', type: 'LOAN_MANUAL', currency: 'USD', amount: '100' });
    const positions = await a.marginPositions({ cross: true, isolated: true });
    expect(positions.some((p) => p.currency === 'USD')).toBe(true);
    await a.repay({ walletType: 'CROSS_MARGIN', type: 'LOAN_MANUAL', currency: 'USD', amount: '50' });
    expect((await a.marginTransfers({ currency: 'USD' })).length).toBeGreaterThan(0);
    expect((await a.marginBorrows({ currency: 'USD' })).length).toBeGreaterThan(0);
    expect((await a.marginRepays({ currency: 'USD' })).length).toBeGreaterThan(0);
    expect(Array.isArray(await a.marginInterest({ currency: 'USD' }))).toBe(true);
    expect(Array.isArray(await a.marginLiquidations({ openOnly: false }))).toBe(true);
    expect(await kindOf(a.closeMargin({ walletType: 'CROSS_MARGIN' }))).toBe('ok');
    expect(await kindOf(a.walletAddresses())).toBe('unsupported');
    expect(await kindOf(a.withdraw())).toBe('unsupported');
  });

  it('v3 market and stop orders map to the wire and back', async () => {
    const rest = await a.placeOrderV3({ pair: 'BTC_USD', side: 'sell', type: 'LIMIT', price: '91000', amount: '0.01' });
    const market = await b.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'MARKET',
      quoteAmount: '182',
      tif: 'IOC',
    });
    expect(market.outcome).toBe('created');
    const stop = await b.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'STOP_LIMIT',
      price: '120000',
      amount: '0.001',
      stopPrice: '119000',
      stopOperator: 'GTE',
    });
    const mine = await b.ordersV3({ pair: 'BTC_USD' });
    expect(mine.find((o) => o.id === market.orderId)).toMatchObject({ type: 'MARKET', side: 'buy', filled: '0.002' });
    expect(mine.find((o) => o.id === stop.orderId)).toMatchObject({
      type: 'STOP_LIMIT',
      stopPrice: '119000',
      price: '120000',
      status: 'PENDING',
    });
    expect(await b.cancelOrdersV3({ orderIds: [stop.orderId as number] })).toEqual([stop.orderId]);
    expect(await a.cancelOrdersV3({ orderIds: [rest.orderId as number] })).toEqual([rest.orderId]);
  });

  it('nonces keep increasing across a client restart (file store), with the clock behind', async () => {
    const { mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createFileNonceStore } = await import('../../main/api');
    const file = join(await mkdtemp(join(tmpdir(), 'alp-paper-nonce-')), 'nonces.json');
    const ahead = () => Date.now() + 600_000;
    const c1 = traderClient(paper.url, A, { nonceStore: createFileNonceStore(file), now: ahead });
    await c1.deposits();
    const c2 = traderClient(paper.url, A, { nonceStore: createFileNonceStore(file), traces });
    expect(Array.isArray(await c2.deposits())).toBe(true);
    expect(c2.traces().map((t) => t.errorCode)).toEqual([null]);
  });

  it('no 429s and no nonce or auth rejections in any of it', () => {
    const statuses = traces.map((t) => t.status);
    expect(statuses).not.toContain(429);
    expect(
      traces.filter((t) => t.errorCode === 'nonce' || t.errorCode === 'auth' || t.errorCode === 'rate_limit'),
    ).toEqual([]);
    expect(traces.length).toBeGreaterThan(40);
  });
});
