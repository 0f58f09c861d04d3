/**
 * Switching profiles while calls are in flight, with the real API client against a local exchange that holds
 * each response until the test releases it (no timing assumptions): every result lands on the profile that sent it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PAPER_ID, createProfileManager } from '../../main/accounts/index';
import type { ProfileManager } from '../../main/accounts/types';
import { createAlpClient } from '../../main/api/index';
import { createMemoryKeystore } from '../../main/keys/index';
import { startPaperExchange } from '../../main/paper/index';
import type { Balance } from '../../preload/domain';
import { type HeldServer, startGate, startHeldServer, tempDir } from './helpers';

let server: HeldServer | null = null;
let manager: ProfileManager | null = null;
afterEach(async () => {
  await manager?.dispose();
  await server?.close();
  manager = null;
  server = null;
});

async function twoPaperAccounts() {
  server = await startHeldServer();
  // Distinct funds so a result shows which account it came from.
  server.paper.ensureAccount({ key: 'key-A-000000000000', secret: 'secret-A', balances: { USD: '111' } });
  server.paper.ensureAccount({ key: 'key-B-000000000000', secret: 'secret-B', balances: { USD: '222' } });
  manager = await createProfileManager({
    dir: await tempDir(),
    keystore: createMemoryKeystore(),
    paper: server.paper,
    createClient: createAlpClient,
    now: Date.now,
    liveBaseUrl: 'https://alp.example',
  });
  const a = await manager.add({
    label: 'A',
    venue: 'paper',
    // The held server and the gate recognise v1-signed requests (X-KEY): the documented dialect.
    dialect: 'documented',
    apiKey: 'key-A-000000000000',
    apiSecret: 'secret-A',
    color: '#ff0000',
  });
  const b = await manager.add({
    label: 'B',
    venue: 'paper',
    // The held server and the gate recognise v1-signed requests (X-KEY): the documented dialect.
    dialect: 'documented',
    apiKey: 'key-B-000000000000',
    apiSecret: 'secret-B',
    color: '#0000ff',
  });
  return { server, manager, a: a.id, b: b.id };
}

const usd = (bs: Balance[]) => bs.find((x) => x.currency === 'USD')?.balance;

/** What a view does with a result: keep it only if it is for the profile shown now (results carry their profile). */
function viewModel(m: ProfileManager) {
  const shown = new Map<string, Balance[]>();
  return {
    shown,
    async load(profileId: string, call: Promise<Balance[]>) {
      const result = await call;
      shown.set(profileId, result); // stored under the profile that sent the call, never under "active"
      return result;
    },
    active: () => shown.get(m.state().activeId),
  };
}

describe('switching profiles with calls in flight', () => {
  it("a call sent for A before switching to B resolves with A's balances; B's view shows B", async () => {
    const { server, manager, a, b } = await twoPaperAccounts();
    await manager.activate(a);
    const vm = viewModel(manager);
    server.hold = true;
    const fromA = vm.load(a, manager.client(a).wallets());
    await server.arrived('key-A-000000000000'); // A's request is at the exchange, unanswered
    const state = await manager.activate(b);
    expect(state.activeId).toBe(b);
    const fromB = vm.load(b, manager.client(b).wallets());
    await server.arrived('key-B-000000000000');
    // Answer B first, then the stale A: order must not matter.
    server.release('key-B-000000000000');
    expect(usd(await fromB)).toBe('222');
    server.release('key-A-000000000000');
    expect(usd(await fromA)).toBe('111');
    expect(usd(vm.active() ?? [])).toBe('222');
    expect(usd(vm.shown.get(a) ?? [])).toBe('111');
  });

  it('each profile keeps its own client (own nonce sequence and rate budget) across switches', async () => {
    const { manager, a, b } = await twoPaperAccounts();
    const ca = manager.client(a);
    await manager.activate(b);
    await manager.activate(a);
    expect(manager.client(a)).toBe(ca);
    expect(manager.client(b)).not.toBe(ca);
    // A's private call counts against A's budget only.
    await manager.client(a).wallets();
    expect(manager.client(a).privateBudget().used).toBeGreaterThan(0);
    expect(manager.client(b).privateBudget().used).toBe(0);
  });

  it('verify with the real client: a working key reads; a wrong secret is refused in plain words', async () => {
    const { manager, a } = await twoPaperAccounts();
    const ok = await manager.verify(a);
    expect(ok).toMatchObject({ ok: true, canRead: true, canTrade: true });
    await manager.rotateSecret(a, { apiSecret: 'not-the-secret' });
    const bad = await manager.verify(a);
    expect(bad).toMatchObject({ ok: false, canRead: false });
    expect(bad.message).toMatch(/refused this key/);
  });
});

describe('switching profiles on the real embedded paper exchange', () => {
  it('results land on the profile that sent them; the built-in Paper profile is funded', async () => {
    const exchange = await startPaperExchange({
      port: 0,
      simulate: false,
      accounts: [
        { name: 'fund', key: 'real-key-A-00000000', secret: 'real-secret-A', balances: { USD: '111' } },
        { name: 'own', key: 'real-key-B-00000000', secret: 'real-secret-B', balances: { USD: '222' } },
      ],
    });
    const gate = await startGate(exchange.url, new Set(['real-key-A-00000000']));
    const m = await createProfileManager({
      dir: await tempDir(),
      keystore: createMemoryKeystore(),
      paper: exchange,
      createClient: createAlpClient,
      now: Date.now,
      liveBaseUrl: 'https://alp.example',
    });
    try {
      expect(usd(await m.client(BUILTIN_PAPER_ID).wallets())).toMatch(/^100000(\.0+)?$/);
      // Both go through the gate; only A's first request is held there.
      const a = await m.add({
        label: 'Fund',
        venue: 'paper',
        // The gate recognises v1-signed requests (X-KEY): the documented dialect.
        dialect: 'documented',
        baseUrl: gate.url,
        apiKey: 'real-key-A-00000000',
        apiSecret: 'real-secret-A',
        color: '#ff0000',
      });
      const b = await m.add({
        label: 'Own',
        venue: 'paper',
        // The gate recognises v1-signed requests (X-KEY): the documented dialect.
        dialect: 'documented',
        baseUrl: gate.url,
        apiKey: 'real-key-B-00000000',
        apiSecret: 'real-secret-B',
        color: '#0000ff',
      });
      await m.activate(a.id);
      const vm = viewModel(m);
      const fromA = vm.load(a.id, m.client(a.id).wallets());
      await gate.arrived('real-key-A-00000000');
      expect((await m.activate(b.id)).activeId).toBe(b.id);
      expect(usd(await vm.load(b.id, m.client(b.id).wallets()))).toMatch(/^222(\.0+)?$/);
      gate.release('real-key-A-00000000');
      expect(usd(await fromA)).toMatch(/^111(\.0+)?$/);
      expect(usd(vm.active() ?? [])).toMatch(/^222(\.0+)?$/);
      expect(usd(vm.shown.get(a.id) ?? [])).toMatch(/^111(\.0+)?$/);
      // Verify on the real paper exchange: one signed call, then the v3 accounts list.
      const v = await m.verify(BUILTIN_PAPER_ID);
      expect(v).toMatchObject({ ok: true, canRead: true, canTrade: true, v3: true });
      expect(v.accounts.map((x) => x.name)).toContain('paper-builtin');
    } finally {
      await m.dispose();
      await gate.close();
      await exchange.close();
    }
  });
});
