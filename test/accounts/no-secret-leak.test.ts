/**
 * "No bridge method returns a secret": walks the whole bridge contract (every method, through the real dispatch,
 * handlers and API client) plus every ProfileManager return value and change event, and checks that no secret
 * and no full API key appears in any response or error, nor in profiles.json.
 * The exchange is hostile: it echoes everything it received (headers and bodies) back in its error messages.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_PAPER_ID, createProfileManager } from '../../main/accounts/index';
import type { ProfileManager } from '../../main/accounts/types';
import { createAlpClient } from '../../main/api/index';
import { createDispatch } from '../../main/bridge/dispatch';
import { createHandlers } from '../../main/bridge/handlers';
import { createMemoryKeystore } from '../../main/keys/index';
import { createSettingsStore } from '../../main/settings/settings-store';
import { methodNames } from '../../preload/contract';
import { type ContractRequests, sampleRequests } from '../support/sample-requests';
import { fakePaper, tempDir } from './helpers';

const KEY = 'LIVEKEY-5f1c2a9e7d3b4c6a8e0f';
const SECRET = 'LIVESECRET-9b8a7c6d5e4f3a2b1c0d';
const KEY2 = 'LIVEKEY2-0a1b2c3d4e5f6a7b8c9d';
const SECRET2 = 'LIVESECRET2-ffeeddccbbaa99887766';

/** Answers every request with an error that repeats the request verbatim, including its auth headers and body. */
async function echoServer() {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const echo = `${req.method} ${req.url} ${JSON.stringify(req.headers)} ${body}`;
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: echo }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let exchange: Awaited<ReturnType<typeof echoServer>>;
let manager: ProfileManager;
let dir: string;
const paper = fakePaper();
const seen: string[] = [];
const record = (label: string, value: unknown): void => {
  seen.push(`${label}: ${JSON.stringify(value)}`);
};

beforeAll(async () => {
  exchange = await echoServer();
  paper.url = exchange.url; // the built-in Paper profile talks to the hostile server too
  dir = await tempDir();
  manager = await createProfileManager({
    dir,
    keystore: createMemoryKeystore(),
    paper,
    // A virtual clock that sleeps instantly, so the private-call rate limiter does not slow the walk down.
    createClient: (d) => {
      let t = Date.now();
      return createAlpClient({
        ...d,
        timeoutMs: 2_000,
        now: () => t,
        sleep: async (ms) => {
          t += ms;
        },
      });
    },
    now: Date.now,
    liveBaseUrl: exchange.url,
  });
  manager.onChange((s) => record('accounts.changed', s));
});
afterAll(async () => {
  await manager.dispose();
  await exchange.close();
});

/** Every secret the app holds in this test, and the full API keys (only a masked hint may cross the bridge). */
function forbidden(): string[] {
  const builtin = [...paper.accounts.entries()].flatMap(([k, a]) => [k, a.secret]);
  return [KEY, SECRET, KEY2, SECRET2, ...builtin];
}

function expectClean(): void {
  const leaks: Record<string, string[]> = {};
  for (const s of forbidden()) {
    const where = seen.filter((line) => line.includes(s)).map((line) => line.slice(0, line.indexOf(':')));
    if (where.length) leaks[`${s.slice(0, 8)}…`] = where;
  }
  expect(leaks, 'responses containing a secret or a full API key').toEqual({});
}

describe('no bridge method returns a secret', () => {
  it('ProfileManager: every method return value and change event', async () => {
    record('state', manager.state());
    const v = await manager.add({ label: 'Live', venue: 'alp', apiKey: KEY, apiSecret: SECRET, color: '#112233' });
    record('add', v);
    record('edit', await manager.edit(v.id, { label: 'Live 2' }));
    record('activate', await manager.activate(v.id));
    for (const id of [v.id, BUILTIN_PAPER_ID]) {
      record('verify', await manager.verify(id));
      record(
        'subaccounts',
        await manager.subaccounts(id).catch((e: unknown) => ({ error: String(e), message: (e as Error).message })),
      );
      record('traces', manager.client(id).traces());
      record('budget', manager.client(id).privateBudget());
    }
    record('rotate', await manager.rotateSecret(v.id, { apiKey: KEY2, apiSecret: SECRET2 }));
    record('verify after rotate', await manager.verify(v.id));
    record('remove', await manager.remove(v.id));
    record('state', manager.state());
    expect(seen.length).toBeGreaterThan(10);
    expectClean();
    const onDisk = await readFile(join(dir, 'profiles.json'), 'utf8');
    for (const s of [SECRET, SECRET2, ...[...paper.accounts.values()].map((a) => a.secret)])
      expect(onDisk).not.toContain(s);
  });

  it('the whole contract through dispatch: every method, success or error', async () => {
    const settings = await createSettingsStore(dir);
    const info = { name: 'ALP Terminal', version: '0', mode: 'web' as const, platform: 'linux', venues: [] };
    const dispatch = createDispatch(createHandlers({ info, profiles: manager, settings }));
    const added = await dispatch('accounts.add', {
      label: 'Walk',
      venue: 'alp',
      apiKey: KEY,
      apiSecret: SECRET,
      color: '#445566',
    });
    record('accounts.add', added);
    expect(added.ok).toBe(true);
    const id = added.ok ? (added.value as { id: string }).id : '';

    // What differs from the shared sample requests: this walk's own keys, a remove that keeps the profile, and
    // other amounts and options.
    const requests = (profileId: string): ContractRequests =>
      sampleRequests(
        profileId,
        {
          'accounts.add': { label: 'Walk 2', venue: 'alp', apiKey: KEY2, apiSecret: SECRET2, color: '#778899' },
          'accounts.edit': { id: profileId, label: 'Walked' },
          'accounts.rotateSecret': { id: profileId, apiSecret: SECRET2 },
          'accounts.remove': { id: 'not-a-profile' },
        },
        {
          'market.trades': { profileId, pair: 'BTC_USD', limit: 10 },
          'trade.orderHistory': { profileId, pair: 'BTC_USD' },
          'trade.place': {
            profileId,
            api: 'v1',
            pair: 'BTC_USD',
            side: 'buy',
            type: 'LIMIT',
            price: '100',
            amount: '0.01',
          },
          'trade.cancel': { profileId, orderId: 1 },
          'margin.borrow': { profileId, walletType: 'CROSS_MARGIN', currency: 'USD', amount: '1' },
          'margin.repay': { profileId, walletType: 'CROSS_MARGIN', currency: 'USD', amount: '1' },
          'margin.transfer': { profileId, walletType: 'CROSS_MARGIN', direction: 'ADD', currency: 'USD', amount: '1' },
          'pnl.summary': { profileId },
          'export.csv': { profileId, kind: 'pnl', destination: 'download' },
        },
      );

    let calls = 0;
    for (const profileId of [id, BUILTIN_PAPER_ID]) {
      const reqs = requests(profileId);
      expect(Object.keys(reqs).sort()).toEqual([...methodNames].sort());
      for (const m of methodNames) {
        if (
          profileId === BUILTIN_PAPER_ID &&
          m.startsWith('accounts.') &&
          m !== 'accounts.verify' &&
          m !== 'accounts.subaccounts'
        )
          continue; // the built-in profile refuses edits; covered by the profile-manager tests
        record(m, await dispatch(m, reqs[m]));
        calls++;
      }
    }
    // The v3 variant of placing an order, which signs a JSON body.
    record(
      'trade.place v3',
      await dispatch('trade.place', {
        profileId: id,
        api: 'v3',
        pair: 'BTC_USD',
        side: 'sell',
        type: 'MARKET',
        amount: '0.01',
      }),
    );
    record('accounts.remove', await dispatch('accounts.remove', { id }));
    expect(calls).toBeGreaterThan(60);
    // The hostile echo did reach the app (and was scrubbed), so the walk proves something.
    expect(seen.join('\n')).toContain('[redacted]');
    expectClean();
  });
});
