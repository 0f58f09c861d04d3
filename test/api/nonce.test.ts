import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileNonceStore, createMemoryNonceStore } from '../../main/api';
import { DAMAGED_FILE_MARGIN_MS, NONCE_RESERVE, NonceSequencer } from '../../main/api/nonce';
import type { NonceStore } from '../../main/api';

describe('nonce sequencer', () => {
  it('is max(now, last + 1): strictly increasing even when the clock stands still or goes back', async () => {
    let t = 1_000_000;
    const s = new NonceSequencer('k', createMemoryNonceStore(), () => t);
    const got: bigint[] = [];
    for (let i = 0; i < 5; i++) got.push(await s.next());
    t = 999_000; // clock goes back
    got.push(await s.next());
    t = 2_000_000;
    got.push(await s.next());
    expect(got).toEqual([1_000_000n, 1_000_001n, 1_000_002n, 1_000_003n, 1_000_004n, 1_000_005n, 2_000_000n]);
  });

  it('never hands out a nonce above the persisted ceiling before the ceiling is saved', async () => {
    const saves: bigint[] = [];
    const store: NonceStore = {
      load: async () => null,
      save: async (_k, hw) => {
        saves.push(hw);
      },
    };
    let t = 5_000;
    const s = new NonceSequencer('k', store, () => t);
    const a = await s.next();
    expect(saves).toEqual([a + NONCE_RESERVE]);
    t += 100;
    await s.next();
    expect(saves.length).toBe(1); // inside the reservation: no write
    t += Number(NONCE_RESERVE) * 3;
    const c = await s.next();
    expect(saves.at(-1)).toBe(c + NONCE_RESERVE);
    for (const n of [a, c]) expect(saves.some((hw) => hw >= n)).toBe(true);
  });

  it('concurrent next() calls get distinct, increasing values', async () => {
    const s = new NonceSequencer('k', createMemoryNonceStore(), () => 42);
    const all = await Promise.all(Array.from({ length: 200 }, () => s.next()));
    expect(new Set(all.map(String)).size).toBe(200);
    expect([...all].sort((x, y) => (x < y ? -1 : 1))).toEqual(all);
  });

  it('continues above the persisted mark after a restart, per key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alp-nonce-'));
    const file = join(dir, 'sub', 'nonces.json');
    const t = 10_000;
    const s1 = new NonceSequencer('key-a', createFileNonceStore(file), () => t);
    const b1 = new NonceSequencer('key-b', createFileNonceStore(file), () => t);
    let lastA = 0n;
    for (let i = 0; i < 10; i++) lastA = await s1.next();
    await b1.next();
    // "restart": new store instance on the same file, clock behind the issued values
    const s2 = new NonceSequencer('key-a', createFileNonceStore(file), () => t);
    const first = await s2.next();
    expect(first > lastA).toBe(true);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(Object.keys(saved).sort()).toEqual(['key-a', 'key-b']);
    expect(BigInt(saved['key-a'] as string) >= first).toBe(true);
    // atomic writes leave no temp files behind
    expect((await readdir(join(dir, 'sub'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('resync moves past the server mark', async () => {
    const s = new NonceSequencer('k', createMemoryNonceStore(), () => 100);
    await s.next();
    await s.resync(50_000n);
    expect(await s.next()).toBe(50_001n);
  });

  it('file store: a mark never goes down and concurrent saves keep the highest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alp-nonce-'));
    const store = createFileNonceStore(join(dir, 'n.json'));
    await Promise.all([store.save('k', 5n), store.save('k', 9n), store.save('k', 7n)]);
    expect(await store.load('k')).toBe(9n);
    expect(await createFileNonceStore(join(dir, 'n.json')).load('k')).toBe(9n);
    expect(await store.load('other')).toBeNull();
  });
});

describe('file store: a damaged nonce file is never fatal', () => {
  const T = 1_700_000_000_000;
  const FLOOR = BigInt(T) + NONCE_RESERVE + DAMAGED_FILE_MARGIN_MS;

  async function damaged(contents: string) {
    const dir = await mkdtemp(join(tmpdir(), 'alp-nonce-'));
    const file = join(dir, 'nonces.json');
    await writeFile(file, contents);
    const warnings: string[] = [];
    const store = createFileNonceStore(file, { now: () => T, warn: (m) => warnings.push(m) });
    return { file, store, warnings };
  }

  for (const [what, contents, problem] of [
    ['empty (renamed without fsync, then a power loss)', '', /is empty/],
    ['truncated JSON', '{"key-a": "17', /is not valid JSON/],
    ['not an object', '["1"]', /is not a JSON object/],
    ['a null', 'null', /is not a JSON object/],
  ] as const) {
    it(`${what}: no mark, nonces continue above now + the margin, a warning, and the next save repairs it`, async () => {
      const { file, store, warnings } = await damaged(contents);
      expect(await store.load('key-a')).toBe(FLOOR);
      expect(await store.load('key-b')).toBe(FLOOR);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(problem);
      expect(warnings[0]).toContain(file);
      expect(warnings[0]).not.toContain('key-');
      const s = new NonceSequencer('key-a', store, () => T);
      const n = await s.next();
      expect(n).toBe(FLOOR + 1n);
      // Repaired: a store opened on it later reads the new reservation without a warning.
      const later: string[] = [];
      const again = createFileNonceStore(file, { now: () => T, warn: (m) => later.push(m) });
      expect(await again.load('key-a')).toBe(n + NONCE_RESERVE);
      expect(later).toEqual([]);
    });
  }

  it('a bad mark among good ones: the good marks are kept, every key starts no lower than the floor', async () => {
    const high = FLOOR + 1_000_000n;
    const { file, store, warnings } = await damaged(
      JSON.stringify({ 'key-a': 'x1', 'key-b': high.toString(), 'key-c': '5' }),
    );
    expect(await store.load('key-a')).toBe(FLOOR);
    expect(await store.load('key-b')).toBe(high);
    expect(await store.load('key-c')).toBe(FLOOR);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/not a whole number/);
    await store.save('key-a', FLOOR + 10n);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(saved).toEqual({ 'key-a': (FLOOR + 10n).toString(), 'key-b': high.toString(), 'key-c': '5' });
  });

  it('a path that cannot be read as a file: no mark above the floor, never a throw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alp-nonce-'));
    const file = join(dir, 'nonces.json');
    await mkdir(file); // EISDIR on read
    const warnings: string[] = [];
    const store = createFileNonceStore(file, { now: () => T, warn: (m) => warnings.push(m) });
    expect(await store.load('key-a')).toBe(FLOOR);
    expect(warnings[0]).toMatch(/cannot be read \(EISDIR\)/);
  });

  it('a missing file is no damage: no mark, no warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alp-nonce-'));
    const warnings: string[] = [];
    const store = createFileNonceStore(join(dir, 'nonces.json'), { now: () => T, warn: (m) => warnings.push(m) });
    expect(await store.load('key-a')).toBeNull();
    expect(warnings).toEqual([]);
  });
});
