import { describe, expect, it } from 'vitest';
import { methodNames } from '../../preload/contract';
import { createDispatch, type Handlers } from '../../main/bridge/dispatch';
import type { StreamSources } from '../../main/bridge/streams';
import { SubscriptionHub } from '../../main/bridge/subscriptions';
import { createLogger } from '../../main/log';

function setup() {
  const calls: string[] = [];
  const started: string[] = [];
  const handlers = Object.fromEntries(
    methodNames.map((m) => [
      m,
      async () => {
        calls.push(m);
        if (m === 'trade.fees') throw new TypeError('cannot read properties of undefined (secret=s3cr3t-value)');
        return null;
      },
    ]),
  ) as unknown as Handlers;
  const sources = new Proxy({} as StreamSources, {
    get: (_t, stream: string) => () => {
      started.push(stream);
      return () => {};
    },
  });
  const lines: string[] = [];
  const log = createLogger({ sink: { append: (l) => lines.push(l) } });
  const guards = { profileExists: (id: string) => id === 'paper', log };
  return {
    calls,
    started,
    lines,
    dispatch: createDispatch(handlers, guards),
    hub: new SubscriptionHub(sources, guards),
  };
}

describe('the bridge refuses what cannot exist', () => {
  it('refuses a call for an unknown profile id before any handler runs', async () => {
    const { dispatch, calls } = setup();
    expect(await dispatch('trade.balances', { profileId: 'ghost' })).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        field: 'profileId',
        message:
          'trade.balances: there is no account profile with id "ghost"; it may have been removed. Pick another account.',
      },
    });
    expect(calls).toEqual([]);
    expect(await dispatch('trade.balances', { profileId: 'paper' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual(['trade.balances']);
  });

  it('refuses a subscription for an unknown profile id and starts nothing', () => {
    const { hub, started } = setup();
    const page = {};
    expect(hub.subscribe(page, () => {}, 'market.book', { profileId: 'ghost', pair: 'BTC_USD' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'not_found', field: 'profileId' },
    });
    expect(started).toEqual([]);
    expect(hub.activeStreams()).toBe(0);
    // The refused id is free for a valid subscription.
    expect(hub.subscribe(page, () => {}, 'market.book', { profileId: 'paper', pair: 'BTC_USD' }, 1)).toEqual({
      ok: true,
      value: null,
    });
    expect(started).toEqual(['market.book']);
  });

  it('streams without a profile are not affected', () => {
    const { hub } = setup();
    expect(hub.subscribe({}, () => {}, 'accounts.changed', {}, 1)).toEqual({ ok: true, value: null });
  });

  it('logs an unexpected error (reason and stack, scrubbed) while the renderer gets plain words', async () => {
    const { dispatch, lines } = setup();
    const result = await dispatch('trade.fees', { profileId: 'paper' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('Something went wrong') },
    });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({ level: 'error', event: 'bridge.internal_error', what: 'trade.fees' });
    expect(entry.reason).toBe('TypeError: cannot read properties of undefined (secret=[redacted])');
    expect(entry.stack).toContain('guards.test.ts');
    // Refusals the trader is told about are not "unexpected".
    await dispatch('trade.balances', { profileId: 'ghost' });
    expect(lines).toHaveLength(1);
  });

  it('a source that fails to start leaves no half-made subscription', () => {
    const sources = new Proxy({} as StreamSources, {
      get: () => () => {
        throw new Error('boom');
      },
    });
    const hub = new SubscriptionHub(sources);
    const page = {};
    expect(hub.subscribe(page, () => {}, 'market.tickers', { profileId: 'p' }, 1)).toMatchObject({ ok: false });
    expect(hub.activeStreams()).toBe(0);
    // Same subId again: not "already in use".
    expect(hub.subscribe(page, () => {}, 'market.tickers', { profileId: 'p' }, 1)).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
  });
});
