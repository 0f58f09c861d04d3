import { describe, expect, it } from 'vitest';
import type { ProfileManager } from '../../main/accounts/types';
import type { AlpClient } from '../../main/api/types';
import { createDispatch } from '../../main/bridge/dispatch';
import { createHandlers } from '../../main/bridge/handlers';
import { createSettingsStore } from '../../main/settings/settings-store';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Handlers over a client whose order calls succeed or fail on demand, recording which profile they hit. */
async function setup(fail: boolean) {
  const hits: string[] = [];
  const nudged: string[] = [];
  const clientFor = (id: string) =>
    ({
      createOrder: async () => {
        hits.push(`${id}:createOrder`);
        if (fail) throw Object.assign(new Error('Out of balance'), { kind: 'rejected' });
        return { outcome: 'created', orderId: 1, clientOrderId: null, order: null, fills: [], message: null };
      },
      cancelOrder: async () => {
        hits.push(`${id}:cancelOrder`);
      },
      wallets: async () => {
        hits.push(`${id}:wallets`);
        return [];
      },
    }) as unknown as AlpClient;
  const profiles = { client: clientFor } as unknown as ProfileManager;
  const settings = await createSettingsStore(await mkdtemp(join(tmpdir(), 'alp-handlers-')));
  const info = { name: 'ALP Terminal', version: '0', mode: 'web' as const, platform: 'test', venues: [] };
  const dispatch = createDispatch(
    createHandlers({ info, profiles, settings, afterAccountChange: (id) => nudged.push(id) }),
  );
  return { dispatch, hits, nudged };
}

const order = { profileId: 'p2', api: 'v1', pair: 'BTC_USD', side: 'buy', type: 'LIMIT', price: '100', amount: '1' };

describe('handlers', () => {
  it('send a private call to the profile named in the request and refresh its streams after a trade', async () => {
    const { dispatch, hits, nudged } = await setup(false);
    expect(await dispatch('trade.place', order)).toMatchObject({ ok: true, value: { outcome: 'created' } });
    expect(await dispatch('trade.cancel', { profileId: 'p3', orderId: 5 })).toEqual({ ok: true, value: null });
    await dispatch('trade.balances', { profileId: 'p2' });
    expect(hits).toEqual(['p2:createOrder', 'p3:cancelOrder', 'p2:wallets']);
    expect(nudged).toEqual(['p2', 'p3']);
  });

  it('pass the exchange’s refusal through in plain words, and still refresh', async () => {
    const { dispatch, nudged } = await setup(true);
    expect(await dispatch('trade.place', order)).toEqual({
      ok: false,
      error: { code: 'rejected', message: 'Out of balance' },
    });
    expect(nudged).toEqual(['p2']);
  });
});
