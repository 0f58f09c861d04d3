/**
 * profiles.json in the user-data folder: the profiles (never a secret) and which one is active.
 * Written atomically (temp file, fsync, rename, fsync the folder), so a crash or a kill leaves either the
 * previous or the new file, never a torn one. An unreadable file is moved aside, never silently emptied.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const PROFILES_FILE = 'profiles.json';

const storedProfileSchema = z
  .object({
    id: z.string().min(1).max(64),
    label: z.string().min(1).max(40),
    venue: z.enum(['alp', 'paper']),
    /** null: the venue's default (live URL, or the embedded paper exchange's URL of this run). */
    baseUrl: z.string().url().nullable(),
    /** The public API key (not a secret); empty for the built-in Paper profile, whose key is made per run. */
    apiKey: z.string().max(256),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    createdAt: z.number().int().nonnegative(),
    lastUsedAt: z.number().int().nonnegative().nullable(),
    builtIn: z.boolean(),
    /** The API dialect; absent in files written before it existed: the default (`current`). */
    dialect: z.enum(['documented', 'current']).optional(),
  })
  .strict();

export const profilesFileSchema = z
  .object({
    version: z.literal(1),
    activeId: z.string().min(1),
    profiles: z.array(storedProfileSchema),
  })
  .strict()
  .refine((f) => new Set(f.profiles.map((p) => p.id)).size === f.profiles.length, 'profile ids must be unique');

export type StoredProfile = z.infer<typeof storedProfileSchema>;
export type ProfilesFile = z.infer<typeof profilesFileSchema>;

export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; data: ProfilesFile }
  /** The file was unreadable and now sits at `movedTo`; `warning` says so in plain words. */
  | { kind: 'corrupt'; movedTo: string; warning: string };

export interface ProfileStore {
  readonly path: string;
  load(): Promise<LoadResult>;
  /** Saves are serialised: each completes (renamed into place) before the next starts. */
  save(data: ProfilesFile): Promise<void>;
}

export function createProfileStore(dir: string, now: () => number = Date.now): ProfileStore {
  const file = join(dir, PROFILES_FILE);
  let queue: Promise<void> = Promise.resolve();

  async function load(): Promise<LoadResult> {
    await removeStaleTemps(dir);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
      throw err;
    }
    const problem = parseProblem(text);
    if (problem === null) return { kind: 'ok', data: profilesFileSchema.parse(JSON.parse(text)) };
    const movedTo = await moveAside(dir, now());
    return {
      kind: 'corrupt',
      movedTo,
      warning:
        `The profiles file could not be read (${problem}). It was moved to ${movedTo} and a fresh one was started. ` +
        'Your API secrets are still in the system keychain; add the accounts again (or restore the file while the app is closed) to use them.',
    };
  }

  function save(data: ProfilesFile): Promise<void> {
    const run = queue.then(() =>
      writeAtomic(dir, file, `${JSON.stringify(profilesFileSchema.parse(data), null, 2)}\n`),
    );
    queue = run.catch(() => undefined); // one failed save must not block the next
    return run;
  }

  return { path: file, load, save };
}

/** null when the text is a valid profiles file, otherwise a short reason. */
function parseProblem(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  const r = profilesFileSchema.safeParse(json);
  if (r.success) return null;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return `unexpected content${where}: ${first?.message ?? 'invalid'}`;
}

async function moveAside(dir: string, at: number): Promise<string> {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = join(dir, `profiles.corrupt-${stamp}${n === 0 ? '' : `-${n}`}.json`);
    try {
      await stat(target);
    } catch {
      await rename(join(dir, PROFILES_FILE), target);
      return target;
    }
  }
}

const TEMP_PREFIX = `${PROFILES_FILE}.`;
const TEMP_SUFFIX = '.tmp';

async function writeAtomic(dir: string, file: string, text: string): Promise<void> {
  const temp = join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  await mkdir(dir, { recursive: true });
  try {
    const fh = await open(temp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync(); // the data is on disk before the rename makes it visible
    } finally {
      await fh.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Persists the rename itself (POSIX); not supported on Windows, where rename is already durable enough. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // best effort
  }
}

/** Temp files left by a process killed mid-write; the real file is intact, so they are just litter. */
async function removeStaleTemps(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((n) => n.startsWith(TEMP_PREFIX) && n.endsWith(TEMP_SUFFIX))
      .map((n) => rm(join(dir, n), { force: true })),
  );
}
