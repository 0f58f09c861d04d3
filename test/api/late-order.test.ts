/**
 * An order POST that reaches the exchange after the client gave up on it. A fault-injecting proxy sits in front of
 * the real paper exchange and holds the order request until the client has timed out, looked for the order twice
 * and given its verdict; only then is the request forwarded. The client must never have said "not created" for an
 * order the exchange then created. Where the venue honours `valid_till`, the late request is refused, so the
 * verdict "not created" is the verified truth; where it does not (v1 until the paper exchange honours it there), the
 * verdict must be "unknown". The test checks what actually happened on the exchange either way.
 */
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { AlpClientDeps } from '../../main/api/types';
import { PAPER_HONOURS_VALID_TILL } from '../../main/app/services';
import { type PaperExchangeHandle, startPaperExchange } from '../../main/paper';
import type { PlaceOrderResult } from '../../preload/domain';
import { type HoldingProxy, startHoldingProxy } from '../support/holding-proxy';

const TIMEOUT_MS = 1_500;
/** The paper exchange's private limit is 2 calls per sliding second per account. */
const RATE_WINDOW_MS = 1_100;

let paper: PaperExchangeHandle;
const proxies: HoldingProxy[] = [];
let accounts = 0;

beforeAll(async () => {
  paper = await startPaperExchange({ port: 0, simulate: false, seed: 3 });
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await paper.close();
});

/**
 * A fresh account (so no case shares a rate limit with another), a client of it through a fault-injecting proxy,
 * and one straight to the exchange for finding out what really happened. Nothing is shared between cases but the
 * exchange, so they run concurrently (each waits seconds on the client's timeout and lookups, not on the CPU).
 */
async function scenario(expect: ExpectStatic, match: string, mode: 'hold-request' | 'drop-answer') {
  const n = ++accounts;
  const account = {
    key: `late-order-key-${n}`,
    secret: `late-order-secret-${n}`,
    balances: { USD: '100000', BTC: '10' },
  };
  paper.ensureAccount(account);
  const proxy = await startHoldingProxy({ upstreamPort: paper.port, match, mode });
  proxies.push(proxy);
  const nonceStore = createMemoryNonceStore(); // one store per key, as in the app (one file per user-data folder)
  const clientOf = (baseUrl: string, extra: Partial<AlpClientDeps> = {}) =>
    createAlpClient({
      baseUrl,
      credentials: { apiKey: account.key, secret: async () => account.secret },
      nonceStore,
      honoursValidTill: PAPER_HONOURS_VALID_TILL,
      ...extra,
    });
  // Short timeout so the test is quick; everything else is the client's production behaviour.
  const client = clientOf(proxy.url, { timeoutMs: TIMEOUT_MS });
  let lastCallAt = 0;
  client.onTrace((t) => (lastCallAt = Math.max(lastCallAt, t.startedAt + (t.latencyMs ?? 0))));
  /** Lets the late request be judged on its merits: the client's own calls are out of the rate window by then. */
  const rateWindowPassed = () => expect.poll(() => Date.now() - lastCallAt > RATE_WINDOW_MS).toBe(true);
  return { proxy, client, direct: clientOf(paper.url), rateWindowPassed };
}

function expectTruthful(
  expect: ExpectStatic,
  result: PlaceOrderResult,
  exists: boolean,
  honoured: boolean,
  answer: string,
): void {
  // The one thing that must never happen: "not created" for an order that exists.
  expect(exists && result.outcome === 'not_created', `${result.outcome}: ${result.message}`).toBe(false);
  if (honoured) {
    // The venue refuses the late request, so the client could say "not created" and it is the truth.
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(exists).toBe(false);
    expect(result.outcome).toBe('not_created');
  } else {
    expect(result.outcome).toBe('unknown');
    expect(result.message).toMatch(/could still reach the exchange late/);
  }
}

describe.concurrent('a late order is never reported as not created', () => {
  it('v3: the request reaches the exchange after the client timed out and looked twice', async ({ expect }) => {
    const { proxy, client, direct, rateWindowPassed } = await scenario(expect, 'POST /api/v3/orders', 'hold-request');
    const placing = client.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '1001.5',
      amount: '0.01',
    });
    await proxy.caught();
    const result = await placing; // timed out, looked twice, gave its verdict; the request is still held
    await rateWindowPassed();
    const answer = await proxy.release(); // now the exchange gets it, late
    const exists = (await direct.ordersV3({ pair: 'BTC_USD' })).some((o) => o.clientOrderId === result.clientOrderId);
    expectTruthful(expect, result, exists, PAPER_HONOURS_VALID_TILL.v3, answer);
  });

  it('v1: the request reaches the exchange after the client timed out and looked twice', async ({ expect }) => {
    const { proxy, client, direct, rateWindowPassed } = await scenario(expect, 'POST /api/v1/order', 'hold-request');
    const placing = client.createOrder({ pair: 'BTC_USD', side: 'buy', price: '1002.5', amount: '0.01' });
    await proxy.caught();
    const result = await placing;
    await rateWindowPassed();
    // (The paper exchange also refuses it for its nonce, which the signed lookups have since moved past.)
    const answer = await proxy.release();
    const exists = (await direct.ownOrders({ pair: 'BTC_USD' })).some((o) => o.price === '1002.5');
    expectTruthful(expect, result, exists, PAPER_HONOURS_VALID_TILL.v1, answer);
  });

  it('v3: the request arrives in time but its answer is lost: found, so created', async ({ expect }) => {
    const { proxy, client, direct } = await scenario(expect, 'POST /api/v3/orders', 'drop-answer');
    const result = await client.placeOrderV3({
      pair: 'BTC_USD',
      side: 'buy',
      type: 'LIMIT',
      price: '1003.5',
      amount: '0.01',
    });
    expect(await proxy.release()).toMatch(/^HTTP\/1\.1 201/);
    expect(result).toMatchObject({ outcome: 'created', clientOrderId: expect.stringMatching(/^alpt-/) });
    expect((await direct.ordersV3({ pair: 'BTC_USD' })).map((o) => o.clientOrderId)).toContain(result.clientOrderId);
  });

  it('v1: the request arrives in time but its answer is lost: found, so created', async ({ expect }) => {
    const { proxy, client, direct } = await scenario(expect, 'POST /api/v1/order', 'drop-answer');
    const result = await client.createOrder({ pair: 'BTC_USD', side: 'buy', price: '1004.5', amount: '0.01' });
    expect(await proxy.release()).toMatch(/^HTTP\/1\.1 200/);
    expect(result.outcome).toBe('created');
    expect((await direct.ownOrders({ pair: 'BTC_USD' })).map((o) => o.id)).toContain(result.orderId);
  });
});
