/** The profile manager: lifecycle of profiles and their keychain entries, clients, verify and subaccounts. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_PAPER_ID,
  PAPER_FUNDING,
  PaperUnavailableError,
  ProfileChangedError,
  ProfileForbiddenError,
  ProfileNotFoundError,
  ProfileValidationError,
  createProfileManager,
  orderAccounts,
} from '../../main/accounts/index';
import type { ProfileManagerDeps } from '../../main/accounts/types';
import { ApiError } from '../../main/api/errors';
import type { AlpClientDeps } from '../../main/api/types';
import { KeychainEntryMissingError, KeychainUnavailableError, createMemoryKeystore } from '../../main/keys/index';
import type { ExchangeAccount } from '../../preload/domain';
import { type FakeBehaviour, balance, fakeClientFactory, fakePaper, tempDir } from './helpers';

const LIVE = 'https://alp.example';

async function setup(
  opts: {
    behaviour?: FakeBehaviour;
    paper?: boolean;
    dir?: string;
    keystore?: ReturnType<typeof createMemoryKeystore>;
  } = {},
) {
  const dir = opts.dir ?? (await tempDir());
  const keystore = opts.keystore ?? createMemoryKeystore();
  const paper = opts.paper === false ? null : fakePaper();
  const factory = fakeClientFactory(opts.behaviour);
  let clock = 1_700_000_000_000;
  const deps: ProfileManagerDeps = {
    dir,
    keystore,
    paper,
    createClient: factory.createClient,
    now: () => clock++,
    liveBaseUrl: LIVE,
  };
  const manager = await createProfileManager(deps);
  return { dir, keystore, paper, factory, deps, manager };
}

const live = {
  label: 'Fund',
  venue: 'alp' as const,
  apiKey: 'KEY-fund-0123456789abcdef',
  apiSecret: 'SECRET-fund',
  color: '#3b82f6',
};

const fail = <T>(p: Promise<T>): Promise<unknown> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

describe('first start', () => {
  it('creates the built-in Paper profile, active, funded on the embedded exchange with an in-memory key', async () => {
    const { manager, paper, keystore, dir } = await setup();
    const s = manager.state();
    expect(s.activeId).toBe(BUILTIN_PAPER_ID);
    expect(s.warning).toBeNull();
    expect(s.profiles).toHaveLength(1);
    expect(s.profiles[0]).toMatchObject({
      id: BUILTIN_PAPER_ID,
      venue: 'paper',
      builtIn: true,
      hasSecret: true,
      baseUrl: paper?.url,
    });
    const [key, acct] = [...paper!.accounts][0]!;
    expect(acct).toMatchObject({ name: 'paper-builtin', balances: PAPER_FUNDING });
    // Not in the keychain, not in the file.
    expect(await keystore.list()).toEqual([]);
    const text = await readFile(join(dir, 'profiles.json'), 'utf8');
    expect(text).not.toContain(acct.secret);
    expect(text).not.toContain(key);
  });

  it('the built-in client signs with the in-memory paper credentials', async () => {
    const { manager, factory, paper } = await setup({
      behaviour: { wallets: async (d) => [balance('USD', await d.credentials!.secret())] },
    });
    const [, acct] = [...paper!.accounts][0]!;
    const got = await manager.client(BUILTIN_PAPER_ID).wallets();
    expect(got[0]?.balance).toBe(acct.secret);
    expect(factory.built[0]?.baseUrl).toBe(paper?.url);
  });

  it('without a running paper exchange the built-in profile is listed but its client says why it cannot work', async () => {
    const { manager } = await setup({ paper: false });
    expect(manager.state().profiles[0]).toMatchObject({ id: BUILTIN_PAPER_ID, hasSecret: false });
    expect(() => manager.client(BUILTIN_PAPER_ID)).toThrow(PaperUnavailableError);
    const v = await manager.verify(BUILTIN_PAPER_ID);
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/paper exchange is not running/);
  });
});

describe('add / edit / rotate / remove / activate', () => {
  it('add puts the secret in the keychain only and shows a masked key', async () => {
    const { manager, keystore, dir } = await setup();
    const changes: string[][] = [];
    manager.onChange((s) => changes.push(s.profiles.map((p) => p.id)));
    const v = await manager.add(live);
    expect(v).toMatchObject({
      label: 'Fund',
      venue: 'alp',
      baseUrl: LIVE,
      color: '#3b82f6',
      hasSecret: true,
      builtIn: false,
      lastUsedAt: null,
    });
    expect(v.apiKeyHint).toBe('KEY-…cdef');
    expect(v.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await keystore.get(v.id)).toBe('SECRET-fund');
    const text = await readFile(join(dir, 'profiles.json'), 'utf8');
    expect(text).toContain(live.apiKey);
    expect(text).not.toContain('SECRET-fund');
    expect(changes.at(-1)).toEqual([BUILTIN_PAPER_ID, v.id]);
  });

  it('add with the keychain unavailable fails with the keychain message and adds nothing', async () => {
    const { manager, keystore, dir } = await setup();
    const before = await readFile(join(dir, 'profiles.json'), 'utf8');
    keystore.setAvailable(false);
    const err = await fail(manager.add(live));
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect((err as Error).message).toMatch(/Secret Service\) is not reachable.*Paper trading still works/);
    expect((err as Error).message).not.toContain('SECRET-fund');
    expect(manager.state().profiles).toHaveLength(1);
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toBe(before);
  });

  it('add validates fields before touching the keychain', async () => {
    const { manager, keystore } = await setup();
    expect(await fail(manager.add({ ...live, color: 'blue' }))).toBeInstanceOf(ProfileValidationError);
    expect(await fail(manager.add({ ...live, label: '  ' }))).toBeInstanceOf(ProfileValidationError);
    expect(await fail(manager.add({ ...live, baseUrl: 'ftp://x' }))).toBeInstanceOf(ProfileValidationError);
    expect(await fail(manager.add({ ...live, apiSecret: '' }))).toBeInstanceOf(ProfileValidationError);
    expect(await keystore.list()).toEqual([]);
  });

  it('edit changes label, color and base URL; a new URL gets a new client', async () => {
    const { manager, factory } = await setup();
    const { id } = await manager.add(live);
    const c1 = manager.client(id);
    const v = await manager.edit(id, { label: 'Fund 2', color: '#AABBCC' });
    expect(v).toMatchObject({ label: 'Fund 2', color: '#aabbcc', baseUrl: LIVE });
    expect(manager.client(id)).toBe(c1);
    await manager.edit(id, { baseUrl: 'http://127.0.0.1:9999/' });
    expect(manager.state().profiles[1]?.baseUrl).toBe('http://127.0.0.1:9999');
    expect(manager.client(id)).not.toBe(c1);
    expect(factory.built.at(-1)?.baseUrl).toBe('http://127.0.0.1:9999');
    expect(await fail(manager.edit(BUILTIN_PAPER_ID, { baseUrl: 'http://x.example' }))).toBeInstanceOf(
      ProfileForbiddenError,
    );
    expect((await manager.edit(BUILTIN_PAPER_ID, { label: 'My paper' })).label).toBe('My paper');
  });

  it('rotate replaces the keychain entry and drops the cached client; a request from before the key change is not sent', async () => {
    const { manager, keystore, factory } = await setup();
    const { id } = await manager.add(live);
    const c1 = manager.client(id);
    const oldCreds = factory.built.at(-1)!.credentials!;
    const v = await manager.rotateSecret(id, { apiSecret: 'SECRET-2' });
    expect(v.hasSecret).toBe(true);
    expect(await keystore.get(id)).toBe('SECRET-2');
    expect(manager.client(id)).not.toBe(c1);
    await manager.rotateSecret(id, { apiKey: 'KEY-new-fedcba9876543210', apiSecret: 'SECRET-3' });
    expect(manager.state().profiles[1]?.apiKeyHint).toBe('KEY-…3210');
    expect(await fail(oldCreds.secret())).toBeInstanceOf(ProfileChangedError);
    manager.client(id);
    expect(factory.built.at(-1)!.credentials!.apiKey).toBe('KEY-new-fedcba9876543210');
    expect(await factory.built.at(-1)!.credentials!.secret()).toBe('SECRET-3');
    expect(await fail(manager.rotateSecret(BUILTIN_PAPER_ID, { apiSecret: 'x' }))).toBeInstanceOf(
      ProfileForbiddenError,
    );
  });

  it('remove deletes the keychain entry and the client; the active profile falls back to Paper', async () => {
    const { manager, keystore } = await setup();
    const { id } = await manager.add(live);
    await manager.activate(id);
    const s = await manager.remove(id);
    expect(s.activeId).toBe(BUILTIN_PAPER_ID);
    expect(s.profiles.map((p) => p.id)).toEqual([BUILTIN_PAPER_ID]);
    expect(await keystore.get(id)).toBeNull();
    expect(() => manager.client(id)).toThrow(ProfileNotFoundError);
    expect(await fail(manager.remove(BUILTIN_PAPER_ID))).toBeInstanceOf(ProfileForbiddenError);
    expect(await fail(manager.remove('nope'))).toBeInstanceOf(ProfileNotFoundError);
  });

  it('remove with the keychain unavailable keeps the profile (no orphaned secret)', async () => {
    const { manager, keystore } = await setup();
    const { id } = await manager.add(live);
    keystore.setAvailable(false);
    expect(await fail(manager.remove(id))).toBeInstanceOf(KeychainUnavailableError);
    expect(manager.state().profiles.map((p) => p.id)).toContain(id);
    keystore.setAvailable(true);
    expect(await keystore.get(id)).toBe('SECRET-fund');
  });

  it('activate persists the active profile and last-used time across restarts', async () => {
    const first = await setup();
    const { id } = await first.manager.add(live);
    const s = await first.manager.activate(id);
    expect(s.activeId).toBe(id);
    const used = s.profiles.find((p) => p.id === id)?.lastUsedAt;
    expect(typeof used).toBe('number');
    await first.manager.dispose();
    const second = await setup({ dir: first.dir, keystore: first.keystore });
    expect(second.manager.state().activeId).toBe(id);
    expect(second.manager.state().profiles.find((p) => p.id === id)).toMatchObject({
      lastUsedAt: used,
      hasSecret: true,
      label: 'Fund',
    });
    // A fresh paper key each run.
    expect([...second.paper!.accounts.keys()][0]).not.toBe([...first.paper!.accounts.keys()][0]);
    expect(await fail(second.manager.activate('nope'))).toBeInstanceOf(ProfileNotFoundError);
  });

  it('concurrent mutations are applied one at a time and none is lost', async () => {
    const { manager, dir } = await setup();
    const added = await Promise.all([1, 2, 3, 4, 5].map((n) => manager.add({ ...live, label: `P${n}` })));
    await Promise.all(added.map((p, n) => manager.edit(p.id, { color: `#00000${n}` })));
    const file = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8')) as {
      profiles: Array<{ label: string; color: string }>;
    };
    expect(file.profiles.map((p) => p.label)).toEqual(['Paper', 'P1', 'P2', 'P3', 'P4', 'P5']);
    expect(file.profiles.slice(1).map((p) => p.color)).toEqual(['#000000', '#000001', '#000002', '#000003', '#000004']);
  });
});

describe('clients and the keychain', () => {
  it('each profile has its own cached client with its own key; one shared nonce store keyed by key', async () => {
    const { manager, factory } = await setup();
    const a = await manager.add(live);
    const b = await manager.add({ ...live, label: 'Own', apiKey: 'KEY-own-00000000000000', apiSecret: 'SECRET-own' });
    expect(manager.client(a.id)).toBe(manager.client(a.id));
    expect(manager.client(a.id)).not.toBe(manager.client(b.id));
    const [da, db] = factory.built.slice(-2) as [AlpClientDeps, AlpClientDeps];
    expect(da.credentials?.apiKey).toBe(live.apiKey);
    expect(db.credentials?.apiKey).toBe('KEY-own-00000000000000');
    expect(await db.credentials!.secret()).toBe('SECRET-own');
    expect(da.nonceStore).toBe(db.nonceStore);
    expect(() => manager.client('nope')).toThrow(ProfileNotFoundError);
  });

  it('with the keychain unavailable at start: profiles load with hasSecret false, a warning, and calls fail with the keychain message', async () => {
    const first = await setup();
    const { id } = await first.manager.add(live);
    first.keystore.setAvailable(false);
    const { manager, factory, keystore } = await setup({ dir: first.dir, keystore: first.keystore });
    const s = manager.state();
    expect(s.profiles.find((p) => p.id === id)?.hasSecret).toBe(false);
    expect(s.warning).toMatch(/Secret Service\) is not reachable/);
    manager.client(id);
    const creds = factory.built.at(-1)!.credentials!;
    const err = await fail(creds.secret());
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    const v = await manager.verify(id);
    expect(v).toMatchObject({ ok: false, canRead: false });
    expect(v.message).toMatch(/Paper trading still works/);
    // Paper still works.
    expect(manager.client(BUILTIN_PAPER_ID)).toBeTruthy();
    // Once the keychain answers again, the profile shows its secret and the warning clears.
    keystore.setAvailable(true);
    expect(await creds.secret()).toBe('SECRET-fund');
    expect(manager.state().profiles.find((p) => p.id === id)?.hasSecret).toBe(true);
    expect(manager.state().warning).toBeNull();
  });

  it('an entry deleted outside the app shows hasSecret false and calls say how to fix it', async () => {
    const { manager, keystore, factory } = await setup();
    const { id } = await manager.add(live);
    manager.client(id);
    await keystore.delete(id);
    const err = await fail(factory.built.at(-1)!.credentials!.secret());
    expect(err).toBeInstanceOf(KeychainEntryMissingError);
    expect((err as Error).message).toMatch(/rotate the secret/);
    expect(manager.state().profiles.find((p) => p.id === id)?.hasSecret).toBe(false);
  });

  it('a user paper profile on the embedded exchange is created there, funded, on first use', async () => {
    const { manager, paper, factory } = await setup();
    const { id } = await manager.add({
      ...live,
      venue: 'paper',
      label: 'Test',
      apiKey: 'paper-test-key-0001',
      apiSecret: 'paper-test-secret',
    });
    manager.client(id);
    expect(factory.built.at(-1)?.baseUrl).toBe(paper?.url);
    await factory.built.at(-1)!.credentials!.secret();
    expect(paper?.accounts.get('paper-test-key-0001')).toMatchObject({
      secret: 'paper-test-secret',
      balances: PAPER_FUNDING,
    });
  });
});

describe('verify and subaccounts', () => {
  const accts: ExchangeAccount[] = [
    { id: 31, name: 'sub b', email: null, parentId: 10 },
    { id: 10, name: 'main', email: 'a@x', parentId: null },
    { id: 30, name: 'sub a', email: null, parentId: 10 },
    { id: 40, name: 'sub of sub', email: null, parentId: 30 },
    { id: 50, name: 'other root', email: null, parentId: 0 as unknown as null },
  ];

  it('orders parents first, each followed by its subaccounts', () => {
    expect(orderAccounts(accts).map((a) => [a.id, a.parentId])).toEqual([
      [10, null],
      [31, 10],
      [30, 10],
      [40, 30],
      [50, null],
    ]);
  });

  it('a working live key: can read, trading permission honestly unknown, v3 accounts listed', async () => {
    const { manager } = await setup({ behaviour: { wallets: async () => [], accounts: async () => accts } });
    const { id } = await manager.add(live);
    const v = await manager.verify(id);
    expect(v).toMatchObject({ ok: true, canRead: true, canTrade: false, v3: true });
    expect(v.message).toMatch(/does not report whether a key may trade/);
    expect(v.accounts.map((a) => a.id)).toEqual([10, 31, 30, 40, 50]);
    expect((await manager.subaccounts(id)).map((a) => a.id)).toEqual([10, 31, 30, 40, 50]);
  });

  it('paper: can trade; v3 not enabled is reported, not a failure', async () => {
    const auth = new ApiError({ kind: 'auth', operation: 'accounts', message: 'unauthorised' });
    const { manager } = await setup({
      behaviour: {
        wallets: async () => [],
        accounts: async () => {
          throw auth;
        },
      },
    });
    const v = await manager.verify(BUILTIN_PAPER_ID);
    expect(v).toMatchObject({ ok: true, canRead: true, canTrade: true, v3: false, accounts: [] });
    expect(v.message).toMatch(/v3 API is not enabled/);
  });

  it.each([
    ['auth', /refused this key: check the key and secret/],
    ['network', /unreachable at https:\/\/alp\.example/],
    ['timeout', /did not answer in time/],
    ['nonce', /nonce/],
    ['rate_limit', /rate-limiting/],
    ['malformed', /did not answer like ALP\.COM/],
  ] as const)('a %s failure is explained in plain words', async (kind, pattern) => {
    const err = new ApiError({ kind, operation: 'wallets', message: 'x' });
    const { manager } = await setup({
      behaviour: {
        wallets: async () => {
          throw err;
        },
      },
    });
    const { id } = await manager.add(live);
    const v = await manager.verify(id);
    expect(v).toMatchObject({ ok: false, canRead: false, canTrade: false, v3: false, accounts: [] });
    expect(v.message).toMatch(pattern);
  });

  it('verify of an unknown profile is a not-found error', async () => {
    const { manager } = await setup();
    expect(await fail(manager.verify('nope'))).toBeInstanceOf(ProfileNotFoundError);
  });
});
