import { describe, expect, it } from 'vitest';
import { STALE_MS } from '../../renderer/src/shell/freshness';
import { accountFreshness, panelFreshness } from '../../renderer/src/shell/panel-freshness';

const NOW = 1_000_000;
const streaming = { connection: 'online', feed: 'streaming', dataAt: NOW - 60_000 } as const;
const polling = (dataAt: number | null) => ({ connection: 'online', feed: 'polling', dataAt }) as const;
const offline = (dataAt: number | null) => ({ connection: 'offline', feed: 'offline', dataAt }) as const;

describe('panelFreshness', () => {
  it('a panel that shows nothing yet is loading, not stale', () => {
    expect(panelFreshness(null, offline(NOW - 60_000), NOW)).toEqual({ stale: false, ageMs: null });
  });

  it('a quiet market on a live socket is not stale, however old the last update', () => {
    expect(panelFreshness(NOW - 10 * 60_000, streaming, NOW).stale).toBe(false);
  });

  it('while polling, a poll that succeeded without a change vouches for the panel', () => {
    expect(panelFreshness(NOW - 60_000, polling(NOW - 1_000), NOW)).toEqual({ stale: false, ageMs: 1_000 });
  });

  it('is stale once neither the panel nor the feed has anything newer than the threshold', () => {
    expect(panelFreshness(NOW - STALE_MS, offline(NOW - STALE_MS - 1), NOW).stale).toBe(false);
    expect(panelFreshness(NOW - STALE_MS - 1, offline(NOW - 20_000), NOW)).toEqual({
      stale: true,
      ageMs: STALE_MS + 1,
    });
    expect(panelFreshness(NOW - 12_000, polling(NOW - 30_000), NOW)).toEqual({ stale: true, ageMs: 12_000 });
  });

  it('an offline socket does not vouch even if the status still says streaming data arrived', () => {
    const s = { connection: 'offline', feed: 'streaming', dataAt: NOW - 9_000 } as const;
    expect(panelFreshness(NOW - 9_000, s, NOW)).toEqual({ stale: true, ageMs: 9_000 });
  });

  it('without any status yet the panel judges by its own age', () => {
    expect(panelFreshness(NOW - 6_000, null, NOW).stale).toBe(true);
    expect(panelFreshness(NOW - 1_000, null, NOW).stale).toBe(false);
  });
});

describe('accountFreshness (the private feed vouches, never the public one)', () => {
  const account = (feed: 'streaming' | 'polling' | 'offline', dataAt: number | null) => ({ account: { feed, dataAt } });

  it('a dead private socket is not hidden by a live public one: old account data is stale', () => {
    const s = { ...streaming, ...account('polling', NOW - 30_000) };
    expect(panelFreshness(NOW - 30_000, s, NOW).stale).toBe(false); // what the public feed alone would say
    expect(accountFreshness(NOW - 30_000, s, NOW)).toEqual({ stale: true, ageMs: 30_000 });
  });

  it('a live private socket vouches for quiet account data, whatever the public connection says', () => {
    const s = { ...offline(NOW - 60_000), ...account('streaming', NOW - 10 * 60_000) };
    expect(accountFreshness(NOW - 10 * 60_000, s, NOW)).toEqual({ stale: false, ageMs: 0 });
  });

  it('documented dialect: polling is normal, and the newest successful private poll decides', () => {
    expect(accountFreshness(NOW - 60_000, account('polling', NOW - 1_500), NOW)).toEqual({
      stale: false,
      ageMs: 1_500,
    });
    expect(accountFreshness(NOW - 60_000, account('offline', NOW - STALE_MS - 1), NOW).stale).toBe(true);
  });

  it('before main says anything of the private feed the panel judges by its own age', () => {
    expect(accountFreshness(NOW - 6_000, {}, NOW).stale).toBe(true);
    expect(accountFreshness(NOW - 1_000, null, NOW).stale).toBe(false);
  });
});
