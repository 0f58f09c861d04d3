/**
 * Test doubles for the profile tests: a fake AlpClient (the parts the manager calls, signed over real HTTP when
 * given a server), a fake embedded paper exchange, and a held-response HTTP server for deterministic in-flight tests.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlpClient, AlpClientDeps } from '../../main/api/types';
import type { EmbeddedPaper } from '../../main/accounts/types';
import type { Balance, ExchangeAccount } from '../../preload/domain';

export const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'alp-accounts-'));

export interface FakeBehaviour {
  wallets?: (deps: AlpClientDeps) => Promise<Balance[]>;
  accounts?: (deps: AlpClientDeps) => Promise<ExchangeAccount[]>;
}

/** Everything not in `behaviour` rejects, so an unexpected call shows up as a failure. */
export function fakeClient(deps: AlpClientDeps, behaviour: FakeBehaviour): AlpClient {
  const known: Record<string, unknown> = {
    wallets: () => (behaviour.wallets ? behaviour.wallets(deps) : signedWallets(deps)),
    accounts: () => (behaviour.accounts ? behaviour.accounts(deps) : Promise.resolve([])),
    traces: () => [],
  };
  return new Proxy(known, {
    get: (t, prop: string) => t[prop] ?? (() => Promise.reject(new Error(`fake client: ${prop} not implemented`))),
  }) as unknown as AlpClient;
}

export function fakeClientFactory(behaviour: FakeBehaviour = {}): {
  createClient: (deps: AlpClientDeps) => AlpClient;
  built: AlpClientDeps[];
} {
  const built: AlpClientDeps[] = [];
  return {
    built,
    createClient: (deps) => {
      built.push(deps);
      return fakeClient(deps, behaviour);
    },
  };
}

/** v1-style signed GET /api/v1/wallets/: X-KEY and X-SIGN = hmac(secret, key), as the real client signs it. */
export async function signedWallets(deps: AlpClientDeps): Promise<Balance[]> {
  if (!deps.credentials) throw new Error('no credentials');
  const key = deps.credentials.apiKey;
  const sign = createHmac('sha256', await deps.credentials.secret())
    .update(key)
    .digest('hex');
  const res = await fetch(`${deps.baseUrl}/api/v1/wallets/`, { headers: { 'X-KEY': key, 'X-SIGN': sign } });
  if (res.status !== 200) throw Object.assign(new Error(`HTTP ${res.status}`), { kind: 'auth' });
  return (await res.json()) as Balance[];
}

export function balance(currency: string, amount: string): Balance {
  return {
    currency,
    balance: amount,
    reserve: '0',
    available: amount,
    walletType: 'SPOT',
    pair: null,
    accountId: null,
    updatedAt: null,
  };
}

/** A fake embedded paper exchange: remembers each account's key and secret and funds. */
export interface FakePaper extends EmbeddedPaper {
  accounts: Map<string, { secret: string; balances: Record<string, string>; name?: string; id: number }>;
}

export function fakePaper(url = 'http://127.0.0.1:1'): FakePaper {
  const accounts: FakePaper['accounts'] = new Map();
  return {
    url,
    accounts,
    ensureAccount(seed) {
      const had = accounts.get(seed.key);
      if (had) return had.id;
      const id = accounts.size + 1;
      accounts.set(seed.key, { secret: seed.secret, balances: { ...seed.balances }, name: seed.name, id });
      return id;
    },
  };
}

/**
 * A tiny exchange: GET /api/v1/wallets/ checks the signature against the accounts it was given and answers
 * with that account's balances. With `hold` on, each request waits until the test calls `release(key)`.
 */
export interface HeldServer {
  url: string;
  paper: FakePaper;
  hold: boolean;
  /** Resolves when a request for this key has arrived and is being held. */
  arrived(key: string): Promise<void>;
  release(key: string): void;
  close(): Promise<void>;
}

/** One promise per key that resolves when something arrives under that key (asked for before or after). */
function createArrivals(): (key: string) => { promise: Promise<void>; resolve: () => void } {
  const arrivals = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  return (key) => {
    let a = arrivals.get(key);
    if (!a) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      a = { promise, resolve };
      arrivals.set(key, a);
    }
    return a;
  };
}

export async function startHeldServer(): Promise<HeldServer> {
  const paper = fakePaper();
  const waiting = new Map<string, () => void>();
  const arrival = createArrivals();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const key = String(req.headers['x-key'] ?? '');
    const acct = paper.accounts.get(key);
    const expected = acct ? createHmac('sha256', acct.secret).update(key).digest('hex') : null;
    const answer = () => {
      if (!acct || req.headers['x-sign'] !== expected) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad signature"}');
        return;
      }
      const body = Object.entries(acct.balances).map(([c, v]) => balance(c, v));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (held.hold) {
      waiting.set(key, answer);
      arrival(key).resolve();
    } else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  paper.url = url;
  const held: HeldServer = {
    url,
    paper,
    hold: false,
    arrived: (key) => arrival(key).promise,
    release(key) {
      const w = waiting.get(key);
      if (!w) throw new Error(`no request held for ${key}`);
      waiting.delete(key);
      w();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  return held;
}

/**
 * A gate in front of a real exchange: forwards each request unchanged, but holds it (per X-KEY header) until the
 * test releases it, so "in flight" is a state the test controls rather than a timing guess.
 */
export interface Gate {
  url: string;
  arrived(key: string): Promise<void>;
  release(key: string): void;
  close(): Promise<void>;
}

const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startGate(target: string, heldKeys: ReadonlySet<string>): Promise<Gate> {
  const waiting = new Map<string, () => void>();
  const arrival = createArrivals();
  const released = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const forward = async () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !HOP.has(k)) headers[k] = v;
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const r = await fetch(`${target}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers,
          ...(body ? { body } : {}),
        });
        res
          .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
          .end(await r.text());
      };
      const key = String(req.headers['x-key'] ?? '');
      const go = () => void forward().catch(() => res.writeHead(502).end());
      // Only the first request of each held key waits; later ones (after release) pass straight through.
      if (heldKeys.has(key) && !waiting.has(key) && !released.has(key)) {
        waiting.set(key, go);
        arrival(key).resolve();
        return;
      }
      go();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived: (key) => arrival(key).promise,
    release(key) {
      const w = waiting.get(key);
      if (!w) throw new Error(`no request held for ${key}`);
      waiting.delete(key);
      released.add(key);
      w();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
