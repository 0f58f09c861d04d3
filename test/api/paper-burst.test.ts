/**
 * A burst of 50 private and 150 public calls against the paper exchange's enforced limits: zero 429s, zero nonce
 * rejections. The exchange and the client share one shortened window (the limits are options on both sides), so
 * the real limiters on both ends meet many times over in well under a second's worth of windows each.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { RequestTrace } from '../../preload/domain';
import { startPaperExchange } from '../../main/paper';

/** The window both sides count in (the contract's is 1000 ms); 2 private and 100 public calls in any such window. */
const WINDOW_MS = 60;

let paper: Awaited<ReturnType<typeof startPaperExchange>>;
beforeAll(async () => {
  paper = await startPaperExchange({
    port: 0,
    simulate: false,
    seed: 1,
    accounts: [{ key: 'burst-key', secret: 'burst-secret', balances: { USD: '100000', BTC: '10' } }],
    limits: { rateWindowMs: WINDOW_MS },
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
    // the default limits, in the shorter window; the margin still covers whole-millisecond clocks
    limits: { privatePerWindow: 2, publicPerWindow: 100, windowMs: WINDOW_MS, marginMs: 5 },
  });
  const traces: RequestTrace[] = [];
  c.onTrace((t) => traces.push(t));
  const placed = await c.createOrder({ pair: 'BTC_USD', side: 'sell', price: '99000', amount: '0.001' });
  const privateCalls: Promise<unknown>[] = [];
  for (let i = 0; i < 49; i++) {
    if (i === 40) privateCalls.push(c.cancelOrder(placed.orderId as number));
    else if (i % 10 === 5)
      privateCalls.push(c.createOrder({ pair: 'BTC_USD', side: 'buy', price: '1000', amount: '0.001' }));
    // v1 (one at a time, nonces in order) and v3 (bursts) reads, awaited and background, share the account's budget
    else if (i % 4 === 0) privateCalls.push(c.wallets({ urgent: true }));
    else if (i % 4 === 1) privateCalls.push(c.wallets());
    else if (i % 4 === 2) privateCalls.push(c.ordersV3({ openOnly: true, urgent: true }));
    else privateCalls.push(c.accountBalances());
  }
  const publicCalls = Array.from({ length: 150 }, (_, i) =>
    i % 2 ? c.tickers({ pair: 'BTC_USD' }) : c.orderbook({ pair: 'BTC_USD', limitBuy: 5, limitSell: 5 }),
  );
  const results = await Promise.allSettled([...privateCalls, ...publicCalls]);
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  expect(traces.filter((t) => t.status === 429)).toEqual([]);
  expect(traces.filter((t) => t.errorCode !== null)).toEqual([]);
  const privateOps = traces.filter(
    (t) => t.operation !== 'ticker' && t.operation !== 'orderbook' && t.operation !== 'pairs',
  );
  // the 50, and one login for the v3 reads' token
  expect(privateOps.length).toBe(51);
  expect(privateOps.filter((t) => t.operation === 'v3 auth').length).toBe(1);
  // the cancel jumped the queue: it went out before reads queued ahead of it
  expect(privateOps.findIndex((t) => t.operation === 'cancel order')).toBeGreaterThan(-1);
  expect(privateOps.findIndex((t) => t.operation === 'cancel order')).toBeLessThan(10);
  // and the client did burst: some private calls went out in pairs
  const sent = privateOps.map((t) => t.startedAt).sort((a, b) => a - b);
  expect(sent.some((t, i) => i > 0 && t - (sent[i - 1] as number) < WINDOW_MS / 2)).toBe(true);
}, 60_000);
