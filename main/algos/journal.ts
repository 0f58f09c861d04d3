/**
 * The algo journal: one JSON file per algo under `<dir>/`, replaced atomically (temp file, fsync, rename) on
 * every change, so a crash at any moment leaves the previous or the next record, never a torn one. The engine
 * saves a child as 'sending' here before the order goes out: after a crash that record says which client order
 * ids may exist on the exchange.
 */
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/atomic-file';
import { algoRecordSchema } from './journal-schema';
import type { AlgoRecord } from './types';

export interface AlgoJournalStore {
  loadAll(): Promise<{ records: AlgoRecord[]; problems: string[] }>;
  save(record: AlgoRecord): Promise<void>;
  remove(id: string): Promise<void>;
}

const FILE = /^([A-Za-z0-9_-]{1,40})\.json$/;

export function createAlgoJournal(dir: string, now: () => number = Date.now): AlgoJournalStore {
  /** Writes of one algo are chained, so an older snapshot can never land after a newer one. */
  const chains = new Map<string, Promise<void>>();
  const pathOf = (id: string) => {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) throw new Error(`Bad algo id ${JSON.stringify(id)}`);
    return join(dir, `${id}.json`);
  };
  const chained = (id: string, work: () => Promise<void>): Promise<void> => {
    const next = (chains.get(id) ?? Promise.resolve()).then(work, work);
    chains.set(id, next);
    return next;
  };

  return {
    async loadAll() {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const records: AlgoRecord[] = [];
      const problems: string[] = [];
      for (const name of (await readdir(dir)).sort()) {
        if (!FILE.test(name)) continue;
        const path = join(dir, name);
        try {
          const parsed = algoRecordSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
          if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid');
          records.push(parsed.data);
        } catch (e) {
          const aside = `${path}.corrupt-${now()}`;
          await rename(path, aside).catch(() => {});
          problems.push(
            `Algo journal ${name} could not be read (${e instanceof Error ? e.message : String(e)}); moved to ${aside}.`,
          );
        }
      }
      return { records, problems };
    },
    save(record) {
      const path = pathOf(record.id);
      const text = `${JSON.stringify(record, null, 1)}\n`;
      return chained(record.id, () => writeFileAtomic(path, text));
    },
    remove(id) {
      const path = pathOf(id);
      return chained(id, () => unlink(path).catch(() => {}));
    },
  };
}
