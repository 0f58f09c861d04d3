/**
 * The private feed's state in app.status (`account`): main pushes, per profile, whether its account data streams
 * over a live authenticated socket, is polled, or cannot be read, and the time of the newest private data, so the
 * account panels are not judged by the public feed. Here the documented dialect (no sockets: polling is normal).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../preload/contract';
import type { Order } from '../../preload/domain';
import { type AccountSources, createAccountSources } from '../../main/account-feed';
import { DEFAULT_ACCOUNT_INTERVALS } from '../../main/account-feed/intervals';
import { PrivateStatusBoard } from '../../main/account-feed/private-status';
import type { AlpClient } from '../../main/api/types';
import { createMarketSources, type MarketSources } from '../../main/market';
import { ManualTimers } from '../market/manual-timers';

interface Fake {
  client: AlpClient;
  reads: number;
  failNext: boolean;
}

function fakeClient(): Fake {
  const f: Fake = { client: undefined as unknown as AlpClient, reads: 0, failNext: false };
  f.client = {
    dialect: 'documented',
    streamUrl: null,
    onTrace: () => () => {},
    privateBudget: () => ({ limit: 100, used: 0, windowMs: 60_000 }),
    ordersV3: async (): Promise<Order[]> => {
      f.reads++;
      if (f.failNext) throw new Error('connection refused');
      return [];
    },
  } as unknown as AlpClient;
  return f;
}

describe('app.status carries the private feed (documented dialect: polled)', () => {
  let timers: ManualTimers;
  let fake: Fake;
  let board: PrivateStatusBoard;
  let account: AccountSources;
  let market: MarketSources;
  const statuses: AppStatus[] = [];
  const last = () => statuses[statuses.length - 1];

  beforeEach(() => {
    timers = new ManualTimers();
    fake = fakeClient();
    board = new PrivateStatusBoard();
    statuses.length = 0;
    const deps = { clientFor: () => fake.client, privateStatus: board, setTimer: timers.setTimer, now: timers.now };
    account = createAccountSources(deps);
    market = createMarketSources(deps);
  });
  afterEach(() => {
    account.dispose();
    market.dispose();
    board.dispose();
  });

  it('a poll that succeeds without a change moves the private data time; failing polls say offline', async () => {
    market['app.status']({ profileId: 'p' }, (s) => statuses.push(s));
    expect(last()?.account).toEqual({ feed: 'polling', dataAt: null });

    const orders: Order[][] = [];
    account['account.orders']({ profileId: 'p' }, (o) => orders.push(o));
    timers.advance(0);
    await expect.poll(() => orders.length).toBe(1);
    await expect.poll(() => board.status('p').dataAt).not.toBeNull();
    const firstAt = board.status('p').dataAt ?? 0;
    timers.advance(1_000); // the status ticker republishes (the next poll is due a second later)
    expect(last()?.account).toEqual({ feed: 'polling', dataAt: firstAt });

    // The next poll finds nothing new: no emit, but the account data is vouched for up to that poll.
    timers.advance(1_000);
    await expect.poll(() => fake.reads).toBe(2);
    await expect.poll(() => board.status('p').dataAt ?? 0).toBeGreaterThan(firstAt);
    const secondAt = board.status('p').dataAt ?? 0;
    expect(orders).toHaveLength(1);

    // The private reads fail: the state says so at once, and the data time stays where it was.
    fake.failNext = true;
    timers.advance(DEFAULT_ACCOUNT_INTERVALS.orders);
    await expect.poll(() => last()?.account?.feed).toBe('offline');
    expect(last()?.account?.dataAt).toBe(secondAt);
    // The public side knows nothing of it (this client's public requests did not fail).
    expect(last()?.feed).not.toBe('offline');

    fake.failNext = false;
    // The clock moves on until the backed-off poll runs again and succeeds.
    await expect
      .poll(() => {
        timers.advance(1_000);
        return last()?.account?.feed;
      })
      .toBe('polling');
    expect(last()?.account?.feed).toBe('polling');
    expect(last()?.account?.dataAt ?? 0).toBeGreaterThan(secondAt);
  });

  it('without the board (older wiring) app.status has no account part', () => {
    const plain = createMarketSources({ clientFor: () => fake.client, setTimer: timers.setTimer, now: timers.now });
    const seen: AppStatus[] = [];
    const stop = plain['app.status']({ profileId: 'p' }, (s) => seen.push(s));
    expect(seen[0]).toBeDefined();
    expect(seen[0]?.account).toBeUndefined();
    stop();
    plain.dispose();
  });
});
