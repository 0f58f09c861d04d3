/**
 * Nonces: per API key, strictly increasing across concurrent calls and across restarts.
 *
 * next = max(now ms, last + 1), taken when the request is signed. The persisted value is a reserved ceiling:
 * before handing out a nonce above the persisted ceiling, the sequencer persists a new ceiling RESERVE_MS
 * ahead and waits for it, so a crash can never lose a used nonce; after a restart the first nonce is
 * max(now, ceiling + 1). Because v1 private requests are sent one at a time (see rate-limiter `exclusive`),
 * waiting for that save never reorders two sends.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { NonceStore } from './types';

/** How far ahead of the last nonce the persisted ceiling is set (one save per ~RESERVE_MS of nonces). */
export const NONCE_RESERVE = 5_000n;

export class NonceSequencer {
  private last = 0n;
  private ceiling = 0n;
  private loaded: Promise<void> | null = null;
  private saving: Promise<void> | null = null;
  private isLoaded = false;

  constructor(
    private readonly apiKey: string,
    private readonly store: NonceStore,
    private readonly now: () => number,
  ) {}

  private load(): Promise<void> {
    if (!this.loaded) {
      this.loaded = this.store.load(this.apiKey).then((hw) => {
        const v = hw ?? 0n;
        if (v > this.last) this.last = v;
        if (v > this.ceiling) this.ceiling = v;
        this.isLoaded = true;
      });
      this.loaded.catch(() => {
        this.loaded = null;
      });
    }
    return this.loaded;
  }

  /** The nonce for the request about to be signed. Strictly greater than every nonce handed out before. */
  async next(): Promise<bigint> {
    await this.load();
    let n = BigInt(Math.floor(this.now()));
    if (n <= this.last) n = this.last + 1n;
    while (n > this.ceiling) {
      await this.reserve(n + NONCE_RESERVE);
      // another caller may have taken values while we waited
      if (n <= this.last) n = this.last + 1n;
    }
    this.last = n;
    return n;
  }

  /** Synchronous fast path: the next nonce when it lies inside the persisted reservation, else null (use next()). */
  nextSync(): bigint | null {
    if (!this.isLoaded || this.saving) return null;
    let n = BigInt(Math.floor(this.now()));
    if (n <= this.last) n = this.last + 1n;
    if (n > this.ceiling) return null;
    this.last = n;
    return n;
  }

  /** After the server said "not greater than <serverLast>": never hand out anything <= that again. */
  async resync(serverLast: bigint | null): Promise<void> {
    await this.load();
    if (serverLast !== null && serverLast > this.last) this.last = serverLast;
  }

  get lastIssued(): bigint {
    return this.last;
  }

  private async reserve(target: bigint): Promise<void> {
    while (this.saving) await this.saving;
    if (target <= this.ceiling) return;
    const p = this.store.save(this.apiKey, target).then(() => {
      if (target > this.ceiling) this.ceiling = target;
    });
    this.saving = p;
    try {
      await p;
    } finally {
      this.saving = null;
    }
  }
}

/** One sequencer per (store, key) in the process, so two clients on the same key never collide. */
const sequencers = new WeakMap<NonceStore, Map<string, NonceSequencer>>();

export function sequencerFor(store: NonceStore, apiKey: string, now: () => number): NonceSequencer {
  let byKey = sequencers.get(store);
  if (!byKey) {
    byKey = new Map();
    sequencers.set(store, byKey);
  }
  let s = byKey.get(apiKey);
  if (!s) {
    s = new NonceSequencer(apiKey, store, now);
    byKey.set(apiKey, s);
  }
  return s;
}

export function createMemoryNonceStore(): NonceStore {
  const marks = new Map<string, bigint>();
  return {
    async load(apiKey) {
      return marks.get(apiKey) ?? null;
    },
    async save(apiKey, highWater) {
      const cur = marks.get(apiKey);
      if (cur === undefined || highWater > cur) marks.set(apiKey, highWater);
    },
  };
}

/**
 * A JSON file `{ "<apiKey>": "<high-water mark>" }`. Writes go to a temp file that is then renamed over the
 * original (atomic on one filesystem), one at a time; a mark never goes down.
 */
export function createFileNonceStore(filePath: string): NonceStore {
  let marks: Map<string, bigint> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  let seq = 0;

  async function read(): Promise<Map<string, bigint>> {
    if (marks) return marks;
    const m = new Map<string, bigint>();
    try {
      const raw = JSON.parse(await readFile(filePath, 'utf8')) as unknown;
      if (raw && typeof raw === 'object') {
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
          if (typeof v === 'string' && /^\d+$/.test(v)) m.set(k, BigInt(v));
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    marks = m;
    return m;
  }

  function serialized<T>(fn: () => Promise<T>): Promise<T> {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  }

  return {
    load(apiKey) {
      return serialized(async () => (await read()).get(apiKey) ?? null);
    },
    save(apiKey, highWater) {
      return serialized(async () => {
        const m = await read();
        const cur = m.get(apiKey);
        if (cur !== undefined && cur >= highWater) return;
        m.set(apiKey, highWater);
        const obj: Record<string, string> = {};
        for (const [k, v] of m) obj[k] = v.toString();
        await mkdir(dirname(filePath), { recursive: true });
        const tmp = `${filePath}.${process.pid}.${++seq}.tmp`;
        await writeFile(tmp, `${JSON.stringify(obj, null, 2)}\n`, { mode: 0o600 });
        await rename(tmp, filePath);
      });
    },
  };
}
