/**
 * One app per user-data folder. Two processes on one folder would share a key and its nonce file and the paper
 * exchange's state, and trip each other's nonces and rate limits. The lock is a file in the folder holding the
 * owner's pid and URL. It is created exclusively and already complete (written to a temp file, then hard-linked into
 * place: the link fails if the lock exists), so a reader never sees half a lock. A lock whose pid is no longer
 * alive is stale (the app was killed) and is taken over. Browser mode and Electron both take it.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const LOCK_FILE = 'instance.lock';

const holderSchema = z.object({
  pid: z.number().int().positive(),
  /** Where the running app can be opened (browser mode), null for an Electron window or while starting. */
  url: z.string().nullable(),
  startedAt: z.number(),
  /** Tells this lock apart from a later one of the same pid. */
  nonce: z.string(),
});
export type LockHolder = z.infer<typeof holderSchema>;

export interface InstanceLock {
  readonly path: string;
  /** Records where this instance can be opened, for a second start to print. */
  setUrl(url: string | null): void;
  /** Removes the lock if it is still ours. */
  release(): void;
}

export type LockResult = { acquired: true; lock: InstanceLock } | { acquired: false; holder: LockHolder | null };

export interface LockOptions {
  pid?: number;
  now?: () => number;
  isAlive?: (pid: number) => boolean;
}

/** True while a process with this pid exists (EPERM: it exists, but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): { text: string; holder: LockHolder | null } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let holder: LockHolder | null = null;
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    holder = parsed.success ? parsed.data : null;
  } catch {
    holder = null;
  }
  return { text, holder };
}

function writeTemp(dir: string, holder: LockHolder): string {
  const temp = join(dir, `${LOCK_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(temp, JSON.stringify(holder), { mode: 0o600, flag: 'wx' });
  return temp;
}

export function acquireInstanceLock(dir: string, options: LockOptions = {}): LockResult {
  const path = join(dir, LOCK_FILE);
  const isAlive = options.isAlive ?? processAlive;
  const mine: LockHolder = {
    pid: options.pid ?? process.pid,
    url: null,
    startedAt: (options.now ?? Date.now)(),
    nonce: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const temp = writeTemp(dir, mine);
    try {
      linkSync(temp, path);
      return { acquired: true, lock: heldLock(dir, path, mine) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(temp);
    }
    const current = readLock(path);
    if (current === null) continue; // released in between: try again
    // An unreadable lock is one this app did not write whole (they are linked in complete): treat it as stale.
    if (current.holder && isAlive(current.holder.pid)) return { acquired: false, holder: current.holder };
    // Stale: remove it only if it is still the lock we judged, so a lock just taken by a racing start survives.
    const again = readLock(path);
    if (again && again.text === current.text) {
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }
  const last = readLock(path);
  return { acquired: false, holder: last?.holder ?? null };
}

function heldLock(dir: string, path: string, mine: LockHolder): InstanceLock {
  let holder = mine;
  const ours = () => readLock(path)?.holder?.nonce === mine.nonce;
  return {
    path,
    setUrl(url) {
      if (!ours()) return;
      holder = { ...holder, url };
      const temp = writeTemp(dir, holder);
      renameSync(temp, path);
    },
    release() {
      try {
        if (ours()) unlinkSync(path);
      } catch {
        // already gone: nothing to release
      }
    },
  };
}

/** What a second start prints. */
export function alreadyRunningMessage(holder: LockHolder | null, dir: string): string {
  if (holder?.url) return `ALP Terminal is already running for ${dir} (pid ${holder.pid}): open ${holder.url}`;
  if (holder)
    return `ALP Terminal is already running for ${dir} (pid ${holder.pid}, in its own window or still starting).`;
  return `ALP Terminal is already running for ${dir}.`;
}
