import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireInstanceLock, LOCK_FILE, processAlive } from '../../main/web/instance-lock';

const ROOT = resolve(import.meta.dirname, '../..');

describe('instance lock (one app per user-data folder)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-lock-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('lets one instance in and tells the second who holds the folder, with its URL', () => {
    const first = acquireInstanceLock(dir, { pid: 1001, isAlive: () => true });
    if (!first.acquired) throw new Error('first start must get the lock');
    first.lock.setUrl('http://127.0.0.1:5555/#token=abc');
    const second = acquireInstanceLock(dir, { pid: 1002, isAlive: () => true });
    expect(second).toMatchObject({ acquired: false, holder: { pid: 1001, url: 'http://127.0.0.1:5555/#token=abc' } });
    first.lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(acquireInstanceLock(dir, { pid: 1002, isAlive: () => true }).acquired).toBe(true);
  });

  it('takes over a stale lock whose process is gone', () => {
    const crashed = acquireInstanceLock(dir, { pid: 2001, isAlive: () => true });
    expect(crashed.acquired).toBe(true);
    const next = acquireInstanceLock(dir, { pid: 2002, isAlive: (pid) => pid !== 2001 });
    if (!next.acquired) throw new Error('a dead holder must not keep the folder');
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: 2002 });
    // The dead instance's release (if it ever ran) must not remove the new owner's lock.
    if (crashed.acquired) crashed.lock.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: 2002 });
  });

  it('treats an unreadable lock file as stale', () => {
    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    expect(acquireInstanceLock(dir, { pid: 3001, isAlive: () => true }).acquired).toBe(true);
  });

  it('knows a live pid from a dead one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false); // above Linux's pid_max
  });
});

/** `npm run web`'s entry, as its own node process (the pid is the app's, not a wrapper's). */
function startWeb(dataDir: string): { child: ChildProcess; lines: string[]; firstLine: Promise<string> } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'main/cli/web.ts'), '--data', dataDir, '--no-sim', '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  const firstLine = new Promise<string>((ok) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => {
      lines.push(l);
      if (lines.length === 1) ok(l);
    });
  });
  return { child, lines, firstLine };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((ok) => child.once('exit', (code) => ok(code)));
}

describe('browser mode: a second start on the same folder', () => {
  let dir: string;
  const started: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-web-lock-'));
  });
  afterEach(async () => {
    for (const c of started) {
      if (c.exitCode === null && c.signalCode === null) {
        c.kill('SIGKILL');
        await exited(c);
      }
    }
    started.length = 0;
    await rm(dir, { recursive: true, force: true });
  });

  it('says the app is already running, prints its URL and exits 0; after a kill -9 the folder is free again', async () => {
    const first = startWeb(dir);
    started.push(first.child);
    const line = await first.firstLine;
    const url = line.match(/open (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/)?.[1];
    expect(url).toBeDefined();

    const second = startWeb(dir);
    started.push(second.child);
    expect(await exited(second.child)).toBe(0);
    expect(second.lines.join('\n')).toContain(`already running for ${dir} (pid ${first.child.pid}): open ${url}`);
    expect(first.child.exitCode).toBeNull();

    first.child.kill('SIGKILL');
    await exited(first.child);
    const third = startWeb(dir);
    started.push(third.child);
    expect(await third.firstLine).toMatch(/^ALP Terminal \(browser mode\) — open http/);
    third.child.kill('SIGTERM');
    expect(await exited(third.child)).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});
