/** The desk's additions to the bridge contract: order options and history ranges are checked at the boundary. */
import { describe, expect, it } from 'vitest';
import { contract } from '../../preload/contract';

const place = contract.methods['trade.place'].req;
const base = { profileId: 'p', pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '60000', amount: '0.01' } as const;
const issues = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('desk contract', () => {
  it('takes margin wallets with a side effect, and post-only limit orders, through v3', () => {
    expect(
      place.safeParse({ ...base, api: 'v3', walletType: 'ISOLATED_MARGIN', sideEffect: 'AUTO_BORROW' }).success,
    ).toBe(true);
    expect(place.safeParse({ ...base, api: 'v3', postOnly: true }).success).toBe(true);
  });

  it('refuses options that cannot mean anything, naming the field', () => {
    expect(issues(place.safeParse({ ...base, api: 'v3', sideEffect: 'AUTO_BORROW' }))).toEqual([
      'sideEffect: is only allowed for margin orders',
    ]);
    expect(issues(place.safeParse({ ...base, api: 'v3', type: 'MARKET', price: undefined, postOnly: true }))).toEqual([
      'postOnly: is only allowed for limit orders',
    ]);
    expect(issues(place.safeParse({ ...base, api: 'v1', walletType: 'CROSS_MARGIN' }))).toEqual([
      'api: v1 takes plain spot limit orders only; use v3',
    ]);
    expect(place.safeParse({ ...base, api: 'v3', walletType: 'MARGIN' }).success).toBe(false);
  });

  it('takes a history range only when it ends after it starts', () => {
    const trades = contract.methods['trade.ownTrades'].req;
    expect(trades.safeParse({ profileId: 'p', from: 1_000, to: 2_000 }).success).toBe(true);
    expect(issues(trades.safeParse({ profileId: 'p', from: 2_000, to: 1_000 }))).toEqual(['to: must be after from']);
    expect(contract.methods['margin.borrows'].req.safeParse({ profileId: 'p', from: -1 }).success).toBe(false);
    expect(contract.methods['trade.walletActivity'].req.safeParse({ profileId: 'p', from: 5, to: 6 }).success).toBe(
      true,
    );
  });

  it('checks notification payloads', () => {
    const notify = contract.methods['app.notify'].req;
    expect(notify.safeParse({ title: 'Filled', body: 'Bought 0.01 BTC', sound: true }).success).toBe(true);
    expect(issues(notify.safeParse({ title: ' ', body: 'x' }))).toEqual(['title: is required']);
    expect(notify.safeParse({ title: 'x', body: 'y', html: '<b>' }).success).toBe(false);
  });
});
