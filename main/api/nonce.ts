/**
 * Nonces: per API key, strictly increasing across concurrent calls and across restarts.
 *
 * next = max(now ms, last + 1), taken when the request is signed. The persisted value is a reserved ceiling:
 * before handing out a nonce above the persisted ceiling, the sequencer persists a new ceiling RESERVE_MS
 * ahead and waits for it, so a crash can never lose a used nonce; after a restart the first nonce is
 * max(now, ceiling + 1). Because v1 private requests are sent one at a time (see rate-limiter `exclusive`),
 * waiting for that save never reorders two sends.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../lib/atomic-file';
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
 * A damaged nonce file lost its marks. Every mark it held was a reservation at most NONCE_RESERVE above a nonce,
 * and nonces follow the clock (max(now, last + 1)); this much more covers a last nonce that ran ahead of the clock
 * (a resync to the server's mark, a clock set back).
 */
export const DAMAGED_FILE_MARGIN_MS = 60_000n;

export interface FileNonceStoreOptions {
  /** Epoch ms (injected by tests). */
  now?: () => number;
  /** Told when the file is damaged (default `console.warn`); the message names the file, never a key. */
  warn?: (message: string) => void;
}

/**
 * A JSON file `{ "<apiKey>": "<high-water mark>" }`, replaced atomically (temp file, fsync, rename, fsync of the
 * folder) one write at a time, so a power loss leaves the old or the new file; a mark never goes down. A file that
 * cannot be read anyway (empty, as written by versions that renamed without fsync and then lost power; not JSON;
 * a bad mark) is never fatal: its good marks are kept, and every key's nonces start no lower than now +
 * NONCE_RESERVE + DAMAGED_FILE_MARGIN_MS (above any reservation it can have held); a warning says so, and the next
 * save replaces the file.
 */
export function createFileNonceStore(filePath: string, options: FileNonceStoreOptions = {}): NonceStore {
  const now = options.now ?? Date.now;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let marks: Map<string, bigint> | null = null;
  /** Set when the file was damaged: the least nonce mark of every key. */
  let floor: bigint | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  /** The marks in the file's text, and what is wrong with it (null: nothing). Good marks are kept either way. */
  function parse(text: string): { found: Map<string, bigint>; problem: string | null } {
    const found = new Map<string, bigint>();
    if (text.trim() === '') return { found, problem: 'is empty' };
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { found, problem: 'is not valid JSON' };
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      return { found, problem: 'is not a JSON object' };
    let problem: string | null = null;
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === 'string' && /^\d+$/.test(v)) found.set(k, BigInt(v));
      else problem = 'holds a mark that is not a whole number';
    }
    return { found, problem };
  }

  async function read(): Promise<Map<string, bigint>> {
    if (marks) return marks;
    let parsed: { found: Map<string, bigint>; problem: string | null };
    try {
      parsed = parse(await readFile(filePath, 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const problem = `cannot be read (${code ?? (e instanceof Error ? e.message : String(e))})`;
      parsed = { found: new Map(), problem: code === 'ENOENT' ? null : problem };
    }
    if (parsed.problem !== null) {
      floor = BigInt(Math.floor(now())) + NONCE_RESERVE + DAMAGED_FILE_MARGIN_MS;
      warn(
        `Nonce file ${filePath} ${parsed.problem}: its marks are lost, so nonces continue from ${floor} (now + ${NONCE_RESERVE + DAMAGED_FILE_MARGIN_MS} ms), above any it can have reserved; the next save replaces it.`,
      );
    }
    marks = parsed.found;
    return parsed.found;
  }

  function serialized<T>(fn: () => Promise<T>): Promise<T> {
    const p = chain.then(fn, fn);
    chain = p.catch(() => undefined);
    return p;
  }

  return {
    load(apiKey) {
      return serialized(async () => {
        const mark = (await read()).get(apiKey) ?? null;
        return floor !== null && (mark === null || mark < floor) ? floor : mark;
      });
    },
    save(apiKey, highWater) {
      return serialized(async () => {
        const m = await read();
        const cur = m.get(apiKey);
        if (cur !== undefined && cur >= highWater) return;
        m.set(apiKey, highWater);
        const obj: Record<string, string> = {};
        for (const [k, v] of m) obj[k] = v.toString();
        // fsync before the rename: else a power loss can leave the renamed file empty.
        await writeFileAtomic(filePath, `${JSON.stringify(obj, null, 2)}\n`);
      });
    },
  };
}
