/** A burst of 50 private and 150 public calls against the paper exchange's enforced limits: zero 429s. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { RequestTrace } from '../../preload/domain';
import { startPaperExchange } from '../../main/paper';

let paper: Awaited<ReturnType<typeof startPaperExchange>>;
beforeAll(async () => {
  paper = await startPaperExchange({
    port: 0,
    simulate: false,
    seed: 1,
    accounts: [{ key: 'burst-key', secret: 'burst-secret', balances: { USD: '100000', BTC: '10' } }],
  });
});
afterAll(async () => {
  await paper?.close();
});

it('50 concurrent private calls (reads, creates, cancels) and 150 public calls: all succeed, zero 429s, zero nonce rejections', async () => {
  const c = createAlpClient({
    baseUrl: paper.url,
    credentials: { apiKey: 'burst-key', secret: async () => 'burst-secret' },
    nonceStore: createMemoryNonceStore(),
  });
  const traces: RequestTrace[] = [];
  c.onTrace((t) => traces.push(t));
  const placed = await c.createOrder({ pair: 'BTC_USD', side: 'sell', price: '99000', amount: '0.001' });
  const privateCalls: Promise<unknown>[] = [];
  for (let i = 0; i < 49; i++) {
    if (i === 40) privateCalls.push(c.cancelOrder(placed.orderId as number));
    else if (i % 10 === 5)
      privateCalls.push(c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '1000', amount: '0.001' }));
    else if (i % 2) privateCalls.push(c.wallets());
    else privateCalls.push(c.accountBalances());
  }
  const publicCalls = Array.from({ length: 150 }, (_, i) =>
    i % 2 ? c.tickers({ pair: 'BTC_USD' }) : c.orderbook({ pair: 'BTC_USD', limitBuy: 5, limitSell: 5 }),
  );
  const results = await Promise.allSettled([...privateCalls, ...publicCalls]);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  expect(traces.filter((t) => t.status === 429)).toEqual([]);
  expect(traces.filter((t) => t.errorCode !== null)).toEqual([]);
  // the cancel jumped the queue: it went out before reads queued ahead of it
  const cancelIdx = traces.findIndex((t) => t.operation === 'cancel order');
  const privateOps = traces.filter(
    (t) => t.operation !== 'ticker' && t.operation !== 'orderbook' && t.operation !== 'pairs',
  );
  expect(privateOps.findIndex((t) => t.operation === 'cancel order')).toBeLessThan(10);
  expect(cancelIdx).toBeGreaterThan(-1);
}, 90_000);
