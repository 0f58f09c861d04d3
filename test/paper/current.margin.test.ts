import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { expectNoNulls, fingerprint } from './current-helpers';
import { ALICE, BOB, TestClock, V3Client, startQuiet, totals } from './helpers';

type Row = Record<string, unknown>;
const HOUR = 3_600_000;

/** Margin writes answer ids (the official client reads them); both wallet spellings; a subaccount by account_id. */
describe('current dialect over HTTP: margin', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  let alice: V3Client;
  let bob: V3Client;
  let subId: number;

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { tokenTtlMs: 24 * HOUR });
    subId = ex.core.ensureAccount(
      { key: 'sub-key', secret: 'sub-secret', name: 'alice-sub', balances: { USD: '5000' }, parent: 'alice' },
      clock.t,
    );
    alice = new V3Client(ex.url, clock, ALICE);
    bob = new V3Client(ex.url, clock, BOB);
    await alice.login();
    await bob.login();
    // A last price to value positions.
    const lim = (side: string) => ({
      pair: 'BTC_USD',
      order_type: 'LIMIT',
      order_side: side,
      limit_price: 60000,
      base_amount: 0.01,
    });
    await bob.call('POST', '/api/v3/trading/order', lim('ASK'));
    await alice.call('POST', '/api/v3/trading/order', lim('BID'));
  });
  afterEach(async () => {
    await ex.close();
  });

  it("transfer, borrow and repay answer the new ids, with either wallet spelling; the client's model reads the histories", async () => {
    const before = totals(ex);
    const cross = { wallet_type: 'MARGIN_CROSS' };
    const t = await alice.call('POST', '/api/v3/margin/transfer', {
      ...cross,
      direction: 'ADD',
      currency: 'USD',
      amount: 1000,
    });
    expect(t).toMatchObject({ status: 200, body: ex.core.state.transfers.at(-1)?.id });
    expect(typeof t.body).toBe('number');
    const b = await alice.call('POST', '/api/v3/margin/borrow', {
      wallet_type: 'CROSS_MARGIN',
      currency: 'USD',
      borrow: 500,
    });
    expect(b.body).toBe(ex.core.state.borrows.at(-1)?.id);
    ex.tick(clock.advance(HOUR + 1000));
    // 200 repays the hour's interest (0.05) first, then 199.95 of the principal.
    const r = await alice.call('POST', '/api/v3/margin/repay', { ...cross, currency: 'USD', amount: 200 });
    expect(r.body).toEqual(ex.core.state.repays.map((x) => x.id));
    expect(r.body).toHaveLength(1);
    const iso = { wallet_type: 'MARGIN_ISOLATED', pair: 'BTC_USD' };
    expect(
      typeof (
        await alice.call('POST', '/api/v3/margin/transfer', { ...iso, direction: 'ADD', currency: 'USD', amount: 100 })
      ).body,
    ).toBe('number');
    // The reads carry what the official client's models want (no null, no empty time), in either dialect.
    for (const path of ['transfer', 'borrow', 'repay', 'interest']) {
      const rows = (await alice.call('GET', `/api/v3/margin/${path}`)).body as Row[];
      expect(rows.length, path).toBeGreaterThan(0);
      expectNoNulls(rows, ['closed_at']);
    }
    expect(((await alice.call('GET', '/api/v3/margin/transfer')).body as Row[])[0]).toMatchObject({
      note: '',
      pair: 'BTC_USD',
      wallet_type: 'ISOLATED_MARGIN',
    });
    const loans = (await alice.call('GET', '/api/v3/margin?cross_margin=true')).body as Row[];
    expect(loans[0]).toMatchObject({
      id: expect.any(Number),
      account_id: expect.any(Number),
      borrowed: 300.05,
      currency: 'USD',
      wallet_type: 'CROSS_MARGIN',
    });
    expect(totals(ex)).toEqual(before);
  });

  it('acts for a subaccount named by account_id, and refuses an account that is not one', async () => {
    const t = await alice.call('POST', '/api/v3/margin/transfer', {
      account_id: subId,
      wallet_type: 'CROSS_MARGIN',
      direction: 'ADD',
      currency: 'USD',
      amount: 100,
    });
    expect(t.status).toBe(200);
    expect(ex.core.ledger.find(subId, 'CROSS_MARGIN', '', 'USD')?.balance.toFixed()).toBe('100');
    const bobId = ex.core.accounts.byApiKey(BOB.key)?.id;
    const before = fingerprint(ex);
    const r = await alice.call('POST', '/api/v3/margin/transfer', {
      account_id: bobId,
      wallet_type: 'CROSS_MARGIN',
      direction: 'ADD',
      currency: 'USD',
      amount: 100,
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: expect.stringMatching(/account_id/) });
    expect(fingerprint(ex)).toBe(before);
    const close = await alice.call('DELETE', '/api/v3/margin', {
      account_id: subId,
      wallet_type: 'MARGIN_CROSS',
      pair: '',
    });
    expect(close.status).toBe(202);
    expect(ex.core.ledger.find(subId, 'CROSS_MARGIN', '', 'USD')?.balance.toFixed()).toBe('0');
  });

  it('refusals keep the documented error shape on these shared paths and change nothing', async () => {
    await alice.call('POST', '/api/v3/margin/transfer', {
      wallet_type: 'ISOLATED_MARGIN',
      pair: 'BTC_USD',
      direction: 'ADD',
      currency: 'USD',
      amount: 1000,
    });
    const before = fingerprint(ex);
    const cases: Array<[string, Row, number]> = [
      ['transfer', { wallet_type: 'ISOLATED_MARGIN', direction: 'ADD', currency: 'USD', amount: 1 }, 400],
      [
        'transfer',
        { wallet_type: 'ISOLATED_MARGIN', pair: 'NOPE_USD', direction: 'ADD', currency: 'USD', amount: 1 },
        404,
      ],
      ['transfer', { wallet_type: 'SPOT', direction: 'ADD', currency: 'USD', amount: 1 }, 400],
      ['transfer', { wallet_type: 'CROSS_MARGIN', direction: 'UP', currency: 'USD', amount: 1 }, 400],
      ['transfer', { wallet_type: 'CROSS_MARGIN', direction: 'ADD', currency: 'USD', amount: 10_000_000 }, 400],
      ['borrow', { wallet_type: 'MARGIN_ISOLATED', pair: 'BTC_USD', currency: 'USD', borrow: 4001 }, 400],
      ['borrow', { wallet_type: 'MARGIN_ISOLATED', pair: 'BTC_USD', currency: 'USD', borrow: 'lots' }, 400],
      ['repay', { wallet_type: 'MARGIN_ISOLATED', pair: 'BTC_USD', currency: 'USD', amount: 10 }, 400],
    ];
    for (const [path, body, status] of cases) {
      const r = await alice.call('POST', `/api/v3/margin/${path}`, body);
      expect({ path, body, status: r.status }).toEqual({ path, body, status });
      expect(r.body).toMatchObject({ date: expect.any(Number), error: expect.any(String) });
    }
    expect((await alice.call('DELETE', '/api/v3/margin', { wallet_type: 'ISOLATED_MARGIN' })).status).toBe(400);
    expect(fingerprint(ex)).toBe(before);
  });
});
