import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommittedChange, PaperExchangeInternals } from '../../main/paper/index';
import { ALICE, BOB, TestClock, V3Client, startQuiet } from './helpers';
import { WsProbe } from './ws-probe';

const HOUR = 3_600_000;

describe('paper WebSocket: private order and wallet messages', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V3Client;
  let bob: V3Client;
  let aliceId: number;
  let bobId: number;
  /** Per account: the (orderId, status, filled) and (currency, walletType, pair, total, reserve) the feed reported. */
  const feed = new Map<number, { o: unknown[][]; w: unknown[][] }>();
  const probes: WsProbe[] = [];
  const open = async (): Promise<WsProbe> => {
    const p = await WsProbe.open(ex.url);
    probes.push(p);
    return p;
  };
  const record = (c: CommittedChange): void => {
    for (const o of c.orders) {
      const f = feed.get(o.accountId);
      f?.o.push([o.id, o.status, o.filled.toFixed()]);
    }
    for (const w of c.wallets) {
      const f = feed.get(w.accountId);
      // The wire's balance is the total (the ledger keeps the free part): available = balance - reserve.
      f?.w.push([w.currency, w.walletType, w.pair, w.balance.add(w.reserve).toFixed(), w.reserve.toFixed()]);
    }
  };
  const authed = async (client: V3Client): Promise<WsProbe> => {
    const p = await open();
    p.send(['auth', client.token]);
    await p.next((m) => m[0] === 'auth', 'auth ok');
    return p;
  };
  const drain = async (p: WsProbe): Promise<void> => {
    const from = p.messages().length;
    p.send(['subscribe', 'rates.ETH_BTC']);
    await p.next((m) => m[0] === 'r', 'the drain marker', from);
    p.send(['unsubscribe', 'rates.ETH_BTC']);
  };
  const received = (p: WsProbe) => ({
    o: p.of('o').map((m) => [m[2], m[14], m[9]]),
    w: p.of('w').map((m) => m.slice(2)),
  });
  const order = (side: 'BUY' | 'SELL', price: string, amount: string, extra: Record<string, unknown> = {}) => ({
    pair: 'BTC_USD',
    order_type: 'LIMIT',
    order_side: side === 'BUY' ? 'BID' : 'ASK',
    limit_price: price,
    base_amount: amount,
    ...extra,
  });

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { tokenTtlMs: 24 * HOUR });
    alice = new V3Client(ex.url, clock, ALICE);
    bob = new V3Client(ex.url, clock, BOB);
    await alice.login();
    await bob.login();
    aliceId = ex.core.accounts.byApiKey(ALICE.key)?.id as number;
    bobId = ex.core.accounts.byApiKey(BOB.key)?.id as number;
    feed.set(aliceId, { o: [], w: [] });
    feed.set(bobId, { o: [], w: [] });
    ex.onCommitted(record);
  });
  afterEach(async () => {
    for (const p of probes.splice(0)) p.close();
    await ex.close();
  });

  it('sends o and w for every change of the own orders and wallets, and none of another account', async () => {
    const a = await authed(alice);
    const b = await authed(bob);
    const anon = await open();
    // Placement, two fills, a cancel.
    const sell = await alice.call('POST', '/api/v3/trading/order', order('SELL', '60000', '0.5'));
    expect(sell.status).toBe(201);
    const [sellId] = sell.body as number[];
    await bob.call('POST', '/api/v3/trading/order', order('BUY', '60000', '0.2'));
    await bob.call('POST', '/api/v3/trading/order', order('BUY', '60000', '0.3'));
    const buy = await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.1'));
    const [buyId] = buy.body as number[];
    expect((await alice.call('DELETE', '/api/v3/trading/order', { order_ids: [buyId] })).body).toEqual({
      [String(buyId)]: 'CANCELLED',
    });
    // Expiry.
    const exp = await alice.call(
      'POST',
      '/api/v3/trading/order',
      order('BUY', '50000', '0.1', { expire_after: new Date(clock.t + 60_000).toISOString() }),
    );
    const [expId] = exp.body as number[];
    ex.tick(clock.advance(120_000));
    // A stop that a trade triggers.
    const stop = await alice.call('POST', '/api/v3/trading/order', {
      ...order('BUY', '61000', '0.01'),
      order_type: 'STOP_LIMIT',
      stop_price: '60500',
      stop_operator: 'GTE',
    });
    const [stopId] = stop.body as number[];
    await bob.call('POST', '/api/v3/trading/order', order('SELL', '60600', '0.02'));
    await bob.call('POST', '/api/v3/trading/order', order('BUY', '60600', '0.01'));
    // Margin: transfer, borrow, repay, then a liquidation.
    const iso = { wallet_type: 'MARGIN_ISOLATED', pair: 'BTC_USD' };
    await alice.call('POST', '/api/v3/margin/transfer', { ...iso, direction: 'ADD', currency: 'USD', amount: 1000 });
    await alice.call('POST', '/api/v3/margin/borrow', { ...iso, currency: 'USD', borrow: 3000 });
    await alice.call('POST', '/api/v3/margin/repay', { ...iso, currency: 'USD', amount: 1000 });
    const mo = await alice.call(
      'POST',
      '/api/v3/trading/order',
      order('BUY', '60600', '0.04', { wallet_type: 'ISOLATED_MARGIN' }),
    );
    expect(mo.body).toEqual([expect.any(Number)]);
    await bob.call('POST', '/api/v3/trading/order', order('SELL', '60600', '0.04'));
    await bob.call('POST', '/api/v3/trading/order', order('SELL', '30000', '0.01'));
    await bob.call('POST', '/api/v3/trading/order', order('BUY', '30000', '0.01'));
    ex.tick(clock.advance(1000));
    expect(ex.core.state.liquidations).toHaveLength(1);
    await Promise.all([drain(a), drain(b), drain(anon)]);

    const mineA = feed.get(aliceId) as { o: unknown[][]; w: unknown[][] };
    const mineB = feed.get(bobId) as { o: unknown[][]; w: unknown[][] };
    expect(received(a)).toEqual(mineA);
    expect(received(b)).toEqual(mineB);
    expect(anon.of('o').length + anon.of('w').length).toBe(0);
    // Every kind of change reached Alice's socket.
    const statuses = (id: number | undefined) => mineA.o.filter((o) => o[0] === id).map((o) => o[1]);
    expect(statuses(sellId)).toEqual(['OPEN', 'PARTIAL_FILLED', 'FILLED']);
    expect(statuses(buyId)).toEqual(['OPEN', 'CANCELLED']);
    expect(statuses(expId)).toEqual(['OPEN', 'EXPIRED']);
    expect(statuses(stopId)).toEqual(['PENDING', 'FILLED']);
    expect(mineA.w.filter((w) => w[1] === 'ISOLATED_MARGIN').length).toBeGreaterThanOrEqual(5);
    // Nothing of Alice's on Bob's socket: his o messages name only his orders.
    const bobOrders = new Set([...ex.core.state.orders.values()].filter((o) => o.accountId === bobId).map((o) => o.id));
    for (const m of b.of('o')) expect(bobOrders.has(m[2] as number)).toBe(true);
    // The o message in full, for the filled sell: money as strings, value and average price of the fills.
    const last = a
      .of('o')
      .filter((m) => m[2] === sellId)
      .at(-1);
    expect(last?.slice(2)).toEqual([
      sellId,
      'BTC_USD',
      'ASK',
      'LIMIT',
      '0.5',
      '60000',
      '0',
      '0.5',
      '0',
      '30000',
      '60000',
      expect.any(Number),
      'FILLED',
      '0',
      'SPOT',
      '0',
      '',
    ]);
    const w = a.of('w').at(0);
    expect(w?.slice(2)).toEqual(['BTC', 'SPOT', '', '2', '0.5']); // the total 2 BTC, 0.5 of it reserved
  });

  it('reconnects and re-authenticates: a fresh socket is anonymous until auth, a bad token changes nothing, auth switches account', async () => {
    const first = await authed(alice);
    first.close();
    await first.until(() => first.closed !== null, 'close');
    const again = await open();
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.1'));
    await drain(again);
    expect(again.of('o')).toEqual([]);
    await alice.login();
    again.send(['auth', alice.token]);
    await again.next((m) => m[0] === 'auth', 'auth ok');
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.2'));
    await again.next((m) => m[0] === 'o', 'an o after re-auth');
    // A bad or expired token is refused and the socket stays Alice's.
    for (const bad of ['garbage', `${alice.token}x`]) {
      const from = again.messages().length;
      again.send(['auth', bad]);
      expect(await again.next((m) => m[0] === 'error', 'auth refusal', from)).toEqual([
        'error',
        clock.t / 1000,
        'Invalid or expired token',
      ]);
    }
    const count = again.of('o').length;
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.3'));
    await again.until(() => again.of('o').length > count, 'o still for Alice');
    // Authenticating as Bob moves the socket to Bob's messages.
    again.send(['auth', bob.token]);
    await again.until(() => again.of('auth').length === 2, 'second auth');
    const mark = again.of('o').length;
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.4'));
    const bobs = await bob.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.5'));
    await again.until(() => again.of('o').length > mark, 'an o for Bob');
    await drain(again);
    expect(
      again
        .of('o')
        .slice(mark)
        .map((m) => m[2]),
    ).toEqual(bobs.body);
    // An expired token is refused too.
    clock.advance(25 * HOUR);
    const late = await open();
    late.send(['auth', alice.token]);
    expect((await late.next((m) => m[0] === 'error', 'expired token'))[2]).toBe('Invalid or expired token');
  });
  it('stops private messages once the login token expires or the account is re-keyed, until auth is sent again', async () => {
    const p = await authed(alice);
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.1'));
    await p.next((m) => m[0] === 'o', 'an o while the token is valid');
    // Past the token's expiry: the next change of Alice's says so instead of sending her o and w.
    clock.advance(25 * HOUR);
    await alice.login();
    let mark = p.messages().length;
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.2'));
    expect((await p.next((m) => m[0] === 'error', 'expiry error', mark))[2]).toBe('Token expired: send auth again');
    await drain(p);
    expect(
      p
        .messages()
        .slice(mark)
        .filter((m) => m[0] === 'o' || m[0] === 'w'),
    ).toEqual([]);
    // A fresh auth resumes them.
    p.send(['auth', alice.token]);
    await p.until(() => p.of('auth').length === 2, 'second auth');
    await alice.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.3'));
    await p.next((m) => m[0] === 'o', 'an o after re-auth', mark);
    // Re-keyed (as the app does when a profile's key is replaced): the old login ends at the next change.
    const rekeyed = { ...ALICE, key: 'alice-key-2', secret: 'alice-secret-2' };
    await drain(p);
    mark = p.messages().length;
    ex.ensureAccount(rekeyed);
    const alice2 = new V3Client(ex.url, clock, rekeyed);
    await alice2.login();
    await alice2.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.4'));
    expect((await p.next((m) => m[0] === 'error', 're-key error', mark))[2]).toBe('API key changed: send auth again');
    await drain(p);
    expect(
      p
        .messages()
        .slice(mark)
        .filter((m) => m[0] === 'o' || m[0] === 'w'),
    ).toEqual([]);
    // The old token is refused; the new key's token works.
    p.send(['auth', alice.token]);
    expect(
      (await p.next((m) => m[0] === 'error' && m[2] === 'Invalid or expired token', 'old token refused', mark))[2],
    ).toBe('Invalid or expired token');
    p.send(['auth', alice2.token]);
    await p.until(() => p.of('auth').length === 3, 'auth with the new key');
    const before = p.of('o').length;
    await alice2.call('POST', '/api/v3/trading/order', order('BUY', '50000', '0.5'));
    await p.until(() => p.of('o').length > before, 'an o for the new key');
  });

  it('ends an expired login on the keepalive sweep too, with nothing changing', async () => {
    await ex.close();
    ex = await startQuiet(clock, { tokenTtlMs: 24 * HOUR, ws: { pingIntervalMs: 60, pingTimeoutMs: 60_000 } });
    alice = new V3Client(ex.url, clock, ALICE);
    await alice.login();
    const p = await authed(alice);
    clock.advance(25 * HOUR);
    expect((await p.next((m) => m[0] === 'error', 'expiry error'))[2]).toBe('Token expired: send auth again');
  });
});
