/**
 * Every AlpClient operation in the `current` dialect over real HTTP against the paper exchange's current routes
 * (paper.test.ts does the same in the documented dialect), with the client's default pacing: zero 429s, only
 * /api/v3 paths, and the honest order states (stop-limit, market, IOC/FOK killed, partly filled) read back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpClient } from '../../main/api';
import type { PaperExchangeInternals } from '../../main/paper';
import { kindOf, startQuietPaper, traderClient } from '../support/paper-traders';
import type { RequestTrace } from '../../preload/domain';

const A = { key: 'paper-cur-key-a', secret: 'paper-cur-secret-a' };
const B = { key: 'paper-cur-key-b', secret: 'paper-cur-secret-b' };

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
  a = traderClient(paper.url, A, { dialect: 'current', traces });
  b = traderClient(paper.url, B, { dialect: 'current', traces });
});

afterAll(async () => {
  await paper?.close();
});

describe('paper exchange, current dialect: every operation', () => {
  it('public market data', async () => {
    expect((await a.currencies()).map((c) => c.code)).toEqual(expect.arrayContaining(['BTC', 'USD']));
    const pairs = await a.pairs();
    expect(pairs.find((p) => p.name === 'BTC_USD')).toMatchObject({ base: 'BTC', quote: 'USD' });
    expect((await a.pairs({ currency1: 'ETH' })).every((p) => p.base === 'ETH')).toBe(true);
    const [t] = await a.tickers({ pair: 'BTC_USD' });
    expect(t?.pair).toBe('BTC_USD');
    expect((await a.tickers()).length).toBeGreaterThan(1);
    for (const timeframe of ['5', '15', '30', '60', '240', 'D'] as const) {
      const candles = await a.candles({ pair: 'BTC_USD', timeframe, limit: 3 });
      expect(candles.length).toBeLessThanOrEqual(3);
    }
    const book = await a.orderbook({ pair: 'BTC_USD', limitSell: 5, limitBuy: 5 });
    expect(book.asks.length).toBeLessThanOrEqual(5);
    await a.orderbook({ pair: 'BTC_USD', group: true });
    expect(Array.isArray(await a.publicTrades({ pair: 'BTC_USD', limit: 5 }))).toBe(true);
  });

  it('the documented v1 operations answered from v3: wallets, own orders, limit order, cancel, own trades', async () => {
    expect((await a.wallets()).find((x) => x.currency === 'USD')?.available).toBe('100000');
    const sell = await a.createOrder({ pair: 'BTC_USD', side: 'sell', price: '90000.5', amount: '0.01' });
    expect(sell.outcome).toBe('created');
    const id = sell.orderId as number;
    expect((await a.ownOrders({ pair: 'BTC_USD', status: 'open' })).map((o) => o.id)).toContain(id);
    const buy = await b.createOrder({ pair: 'BTC_USD', side: 'buy', price: '90000.5', amount: '0.004' });
    expect(buy.outcome).toBe('created');
    expect(await a.order(id)).toMatchObject({ id, status: 'PARTIAL_FILLED', filled: '0.004', tif: 'GTC' });
    expect((await a.ownTrades({ pair: 'BTC_USD' })).some((t) => t.amount === '0.004')).toBe(true);
    expect((await a.publicTrades({ pair: 'BTC_USD' })).some((t) => t.amount === '0.004')).toBe(true);
    await a.cancelOrder(id);
    expect((await a.order(id)).status).toBe('PARTIAL_CANCELLED');
    expect(await kindOf(a.cancelOrder(id))).toBe('rejected');
    expect((await b.ownOrders({ status: 'done' })).map((o) => o.id)).toContain(buy.orderId);
    expect(await kindOf(a.deposits())).toBe('unsupported');
    expect(await kindOf(a.withdraws())).toBe('unsupported');
    expect(await kindOf(a.createOrder({ pair: 'BTC_USD', side: 'buy', price: '100.123', amount: '0.01' }))).toBe(
      'validation',
    );
    expect(await kindOf(a.createOrder({ pair: 'BTC_USD', side: 'buy', price: '100000', amount: '900' }))).toBe(
      'rejected',
    );
  });

  it('v3: fees, accounts, orders of every kind with their real states, cancel by ids and by pair', async () => {
    expect((await a.feeInfo()).length).toBeGreaterThan(0);
    expect((await a.accounts({ includeSubaccounts: true })).length).toBeGreaterThan(0);
    const resting = await a.placeOrderV3({
      pair: 'BTC_USD',
      side: 'sell',
      type: 'LIMIT',
      price: '95000',
      amount: '0.02',
    });
    const stop = await a.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'STOP_LIMIT',
      price: '99000',
      stopPrice: '98000',
      stopOperator: 'GTE',
      amount: '0.001',
    });
    const fok = await b.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '95000',
      amount: '1',
      tif: 'FOK',
    });
    const ioc = await b.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '95000',
      amount: '0.005',
      tif: 'IOC',
    });
    const market = await b.placeOrderV3({ pair: 'BTC_USD', side: 'buy', type: 'MARKET', amount: '0.005' });
    const partIoc = await b.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '95000',
      amount: '0.02',
      tif: 'IOC',
    });
    for (const r of [resting, stop, fok, ioc, market, partIoc]) expect(r.outcome).toBe('created');
    const mine = await a.ordersV3({ pair: 'BTC_USD' });
    expect(mine.find((o) => o.id === stop.orderId)).toMatchObject({
      type: 'STOP_LIMIT',
      status: 'PENDING',
      stopPrice: '98000',
      price: '99000',
      walletType: 'SPOT',
    });
    const theirs = await b.ordersV3({ pair: 'BTC_USD' });
    const state = (id: number | null) => theirs.find((o) => o.id === id);
    expect(state(fok.orderId)).toMatchObject({ tif: 'FOK', status: 'CANCELLED', filled: '0' });
    expect(state(ioc.orderId)).toMatchObject({ tif: 'IOC', status: 'FILLED', filled: '0.005' });
    expect(state(market.orderId)).toMatchObject({ type: 'MARKET', status: 'FILLED' });
    expect(state(partIoc.orderId)).toMatchObject({ tif: 'IOC', status: 'PARTIAL_CANCELLED', filled: '0.01' });
    expect((await a.ordersV3({ openOnly: true })).map((o) => o.id)).toEqual(expect.arrayContaining([stop.orderId]));
    expect(await a.cancelOrdersV3({ orderIds: [stop.orderId as number] })).toEqual([stop.orderId]);
    const another = await a.placeOrderV3({
      pair: 'BTC_USD',
      side: 'sell',
      type: 'LIMIT',
      price: '97000',
      amount: '0.01',
    });
    expect(await a.cancelOrdersV3({ all: true, pair: 'BTC_USD' })).toEqual([another.orderId]);
    expect(await a.ordersV3({ openOnly: true, pair: 'BTC_USD' })).toEqual([]);
    expect((await a.accountTrades({ pair: 'BTC_USD', from: Date.now() - 86_400_000 })).length).toBeGreaterThan(0);
    expect((await a.accountBalances()).find((x) => x.currency === 'USD' && x.walletType === 'SPOT')).toBeTruthy();
    expect((await a.walletActivity({ currency: 'USD' })).length).toBeGreaterThan(0);
  });

  it('margin on the paper venue (offered there): transfer, borrow, positions, repay, histories, close', async () => {
    await a.transfer({ walletType: 'CROSS_MARGIN', direction: 'ADD', currency: 'USD', amount: '1000', note: 'c' });
    await a.borrow({ walletType: 'CROSS_MARGIN', type: 'LOAN_MANUAL', currency: 'USD', amount: '100' });
    expect((await a.marginPositions({ cross: true, isolated: true })).some((p) => p.currency === 'USD')).toBe(true);
    await a.repay({ walletType: 'CROSS_MARGIN', type: 'LOAN_MANUAL', currency: 'USD', amount: '50' });
    expect((await a.marginTransfers({ currency: 'USD' })).length).toBeGreaterThan(0);
    expect((await a.marginBorrows({ currency: 'USD' })).length).toBeGreaterThan(0);
    expect((await a.marginRepays({ currency: 'USD' })).length).toBeGreaterThan(0);
    expect(Array.isArray(await a.marginInterest({ currency: 'USD' }))).toBe(true);
    expect(Array.isArray(await a.marginLiquidations({}))).toBe(true);
    expect(await kindOf(a.closeMargin({ walletType: 'CROSS_MARGIN' }))).toBe('ok');
    expect(await kindOf(a.walletAddresses())).toBe('unsupported');
    expect(await kindOf(a.withdraw())).toBe('unsupported');
  });

  it('spoke only /api/v3 and was never rate-limited', () => {
    expect(traces.length).toBeGreaterThan(40);
    expect(traces.filter((t) => !t.path.startsWith('/api/v3/'))).toEqual([]);
    expect(traces.filter((t) => t.status === 429)).toEqual([]);
  });
});
