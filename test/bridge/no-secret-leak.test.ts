import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventName, eventNames, methodNames } from '../../preload/contract';
import type { AppServices } from '../../main/app/services';
import { startTestServices } from '../support/app-services';
import { type ContractRequests, sampleRequests } from '../support/sample-requests';

const KEY = 'leak-check-key-7f3a9c2e41';
const SECRET = 'leak-check-SECRET-b8d1e6f0a2c4';

/** A valid request for every method, with this test's keys in the ones that change profiles. */
function requests(profileId: string): ContractRequests {
  return sampleRequests(profileId, {
    'accounts.add': { label: 'Second', venue: 'paper', apiKey: `${KEY}-2`, apiSecret: `${SECRET}-2`, color: '#ff8800' },
    'accounts.edit': { id: profileId, label: 'Renamed' },
    'accounts.rotateSecret': { id: profileId, apiSecret: SECRET },
    'accounts.remove': { id: profileId },
  });
}

function streamParams(profileId: string): { [E in EventName]: unknown } {
  return {
    'market.tickers': { profileId },
    'market.book': { profileId, pair: 'BTC_USD' },
    'market.trades': { profileId, pair: 'BTC_USD' },
    'market.candles': { profileId, pair: 'BTC_USD', timeframe: '5' },
    'account.orders': { profileId },
    'account.balances': { profileId },
    'account.fills': { profileId },
    'app.status': { profileId },
    'accounts.changed': {},
    'algos.changed': { profileId },
    'alerts.changed': { profileId },
    'app.notifications': {},
    'app.notices': {},
    'app.command': {},
  };
}

describe('no bridge method or stream returns a secret', () => {
  let dir: string;
  let services: AppServices;
  let profileId: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-leak-'));
    services = await startTestServices(dir, { simulate: false, seed: 3, statePath: null });
    const added = await services.dispatch('accounts.add', {
      label: 'Leak check',
      venue: 'paper',
      apiKey: KEY,
      apiSecret: SECRET,
      color: '#3b82f6',
    });
    expect(added.ok).toBe(true);
    profileId = (added as { value: { id: string } }).value.id;
  });
  afterAll(async () => {
    await services?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('walks every method (remove last) and every stream', async () => {
    const seen: string[] = [];
    const page = {};
    const params = streamParams(profileId);
    for (const stream of eventNames) {
      services.hub.subscribe(
        page,
        (_id, payload) => seen.push(JSON.stringify(payload)),
        stream,
        params[stream],
        seen.length + 1000,
      );
    }
    const all = requests(profileId);
    const ordered = [...methodNames.filter((m) => m !== 'accounts.remove'), 'accounts.remove' as const];
    for (const method of ordered) {
      const result = await services.dispatch(method, all[method]);
      seen.push(`${method} ${JSON.stringify(result)}`);
    }
    services.hub.dropClient(page);
    const text = seen.join('\n');
    expect(seen.length).toBeGreaterThan(methodNames.length);
    for (const secret of [SECRET, `${SECRET}-2`, KEY, `${KEY}-2`]) expect(text).not.toContain(secret);
  });

  it('writes no secret to any file in the user-data folder', async () => {
    const files = await readdir(dir, { recursive: true });
    for (const file of files) {
      const body = await readFile(join(dir, String(file)), 'utf8').catch(() => '');
      expect(body, String(file)).not.toContain(SECRET);
    }
  });
});
