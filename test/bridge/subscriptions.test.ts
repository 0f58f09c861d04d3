import { describe, expect, it } from 'vitest';
import { createStubServices } from '../support/stub-services';

describe('subscription hub', () => {
  const sink = (log: unknown[]) => (subId: number, payload: unknown) => log.push([subId, payload]);

  it('shares one source per stream key, gives late joiners the last payload, stops after the last leaves', () => {
    const { hub, emit, running } = createStubServices();
    const pageA = {};
    const pageB = {};
    const a: unknown[] = [];
    const b: unknown[] = [];
    hub.subscribe(pageA, sink(a), 'market.book', { profileId: 'p', pair: 'BTC_USD' }, 1);
    emit('market.book', 'v1');
    // Same key with the fields in another order: shared, and the newcomer gets v1 at once.
    hub.subscribe(pageB, sink(b), 'market.book', { pair: 'BTC_USD', profileId: 'p' }, 1);
    expect(running.get('market.book')).toBe(1);
    expect(b).toEqual([[1, 'v1']]);
    emit('market.book', 'v2');
    expect(a).toEqual([
      [1, 'v1'],
      [1, 'v2'],
    ]);
    hub.unsubscribe(pageA, 1);
    expect(running.get('market.book')).toBe(1);
    hub.dropClient(pageB);
    expect(running.get('market.book')).toBe(0);
    expect(hub.activeStreams()).toBe(0);
  });

  it('runs separate sources for different keys', () => {
    const { hub, running } = createStubServices();
    const page = {};
    hub.subscribe(page, () => {}, 'market.book', { profileId: 'p', pair: 'BTC_USD' }, 1);
    hub.subscribe(page, () => {}, 'market.book', { profileId: 'p', pair: 'ETH_USD' }, 2);
    expect(running.get('market.book')).toBe(2);
    hub.stopAll();
    expect(running.get('market.book')).toBe(0);
  });

  it('refuses unknown streams, bad params and reused ids without starting anything', () => {
    const { hub, running } = createStubServices();
    const page = {};
    expect(hub.subscribe(page, () => {}, 'market.nope', {}, 1)).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
    expect(hub.subscribe(page, () => {}, 'market.book', { profileId: 'p', pair: 'btc-usd' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'validation', field: 'pair', message: 'market.book: pair must be a pair symbol like BTC_USD' },
    });
    expect(running.get('market.book') ?? 0).toBe(0);
    hub.subscribe(page, () => {}, 'market.tickers', { profileId: 'p' }, 1);
    expect(hub.subscribe(page, () => {}, 'market.tickers', { profileId: 'q' }, 1)).toMatchObject({
      ok: false,
      error: { field: 'subId' },
    });
    expect(running.get('market.tickers')).toBe(1);
  });
});
