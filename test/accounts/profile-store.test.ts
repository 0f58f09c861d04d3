/** profiles.json: atomic under a killed writer, and an unreadable file moved aside (never emptied). */
import { spawn } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PAPER_ID, createProfileManager, createProfileStore } from '../../main/accounts/index';
import { createMemoryKeystore } from '../../main/keys/index';
import { fakeClientFactory, fakePaper, tempDir } from './helpers';

const writer = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url));

/** Starts the writer, waits until it reports `after` completed saves, then SIGKILLs it. Returns the last completed generation. */
function writeThenKill(dir: string, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last = 0;
    let buf = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) last = Math.max(last, Number(l));
      if (last >= after && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) =>
      signal === 'SIGKILL' ? resolve(last) : reject(new Error(`writer ended without being killed: ${stderr}`)),
    );
  });
}

describe('profile store', () => {
  it.each([5, 40, 120])('a writer killed after %i saves leaves a complete previous or newer file', async (after) => {
    const dir = await tempDir();
    const confirmed = await writeThenKill(dir, after);
    const loaded = await createProfileStore(dir).load();
    expect(loaded.kind).toBe('ok');
    if (loaded.kind !== 'ok') return;
    const gen = loaded.data.profiles[0]?.createdAt ?? -1;
    // Every save the writer confirmed is on disk; the file may be one it had not yet confirmed.
    expect(gen).toBeGreaterThanOrEqual(confirmed);
    expect(loaded.data.profiles).toHaveLength(gen % 2 === 1 ? 40 : 400);
    expect(loaded.data.profiles.every((p) => p.createdAt === gen && p.label === `gen ${gen}`)).toBe(true);
    // Loading cleans up a temp file the kill may have left.
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a missing file is reported as missing, not corrupt', async () => {
    expect((await createProfileStore(await tempDir()).load()).kind).toBe('missing');
  });

  it.each([
    ['garbage', '\u0000\u0001 not json {{{'],
    ['a truncated file', '{"version":1,"activeId":"paper-builtin","profiles":[{"id":"a"'],
    ['valid JSON of the wrong shape', '{"version":2,"profiles":"nope"}'],
  ])('%s is moved aside with a clear warning; keychain entries stay; Paper exists', async (_name, content) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'profiles.json'), content);
    const keystore = createMemoryKeystore({ 'lost-profile': 'SECRET-kept' });
    const manager = await createProfileManager({
      dir,
      keystore,
      paper: fakePaper(),
      createClient: fakeClientFactory().createClient,
      now: () => Date.UTC(2025, 0, 2, 3, 4, 5, 6),
      liveBaseUrl: 'https://alp.example',
    });
    const s = manager.state();
    const aside = (await readdir(dir)).filter((n) => n.startsWith('profiles.corrupt-'));
    expect(aside).toEqual(['profiles.corrupt-2025-01-02T03-04-05-006Z.json']);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(content); // moved, not rewritten
    expect(s.warning).toContain('The profiles file could not be read');
    expect(s.warning).toContain(join(dir, aside[0]!));
    expect(s.warning).toContain('still in the system keychain');
    expect(await keystore.get('lost-profile')).toBe('SECRET-kept');
    expect(s.profiles.map((p) => p.id)).toEqual([BUILTIN_PAPER_ID]);
    expect(s.activeId).toBe(BUILTIN_PAPER_ID);
    // A fresh, valid file replaces it.
    expect((await createProfileStore(dir).load()).kind).toBe('ok');
  });

  it('a second corrupt file on the same instant gets its own name', async () => {
    const dir = await tempDir();
    const store = createProfileStore(dir, () => 0);
    await writeFile(join(dir, 'profiles.json'), 'x');
    const a = await store.load();
    await writeFile(join(dir, 'profiles.json'), 'y');
    const b = await store.load();
    expect(a.kind === 'corrupt' && b.kind === 'corrupt' && a.movedTo !== b.movedTo).toBe(true);
    expect((await readdir(dir)).sort()).toEqual([
      'profiles.corrupt-1970-01-01T00-00-00-000Z-1.json',
      'profiles.corrupt-1970-01-01T00-00-00-000Z.json',
    ]);
  });

  it('a hand-edited active id that no longer exists falls back to Paper', async () => {
    const dir = await tempDir();
    await createProfileStore(dir).save({ version: 1, activeId: 'gone', profiles: [] });
    const manager = await createProfileManager({
      dir,
      keystore: createMemoryKeystore(),
      paper: fakePaper(),
      createClient: fakeClientFactory().createClient,
      now: Date.now,
      liveBaseUrl: 'https://alp.example',
    });
    expect(manager.state()).toMatchObject({ activeId: BUILTIN_PAPER_ID, warning: null });
  });
});
