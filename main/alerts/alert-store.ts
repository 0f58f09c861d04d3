/** Price alerts of every profile in one file (`alerts.json`), validated on load and replaced atomically. */
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { alertDefinitionSchema } from '../../preload/contract';
import type { AlertView } from '../../preload/domain';
import { writeFileAtomic } from '../lib/atomic-file';

const alertSchema = alertDefinitionSchema.and(
  z.object({
    id: z.string().min(1).max(64),
    profileId: z.string().min(1),
    createdAt: z.number(),
    active: z.boolean(),
    firedAt: z.number().nullable(),
    fireCount: z.number().int().nonnegative(),
  }),
);
const fileSchema = z.object({ version: z.literal(1), alerts: z.array(alertSchema) });

export interface AlertStore {
  load(): Promise<{ alerts: AlertView[]; problem: string | null }>;
  save(alerts: AlertView[]): Promise<void>;
}

export function createAlertStore(dir: string, now: () => number = Date.now): AlertStore {
  const path = join(dir, 'alerts.json');
  let chain: Promise<void> = Promise.resolve();
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        return { alerts: [], problem: null };
      }
      try {
        return { alerts: fileSchema.parse(JSON.parse(text)).alerts, problem: null };
      } catch (e) {
        const aside = `${path}.corrupt-${now()}`;
        await rename(path, aside).catch(() => {});
        return {
          alerts: [],
          problem: `The alerts file could not be read (${e instanceof Error ? e.message : String(e)}); moved to ${aside}.`,
        };
      }
    },
    save(alerts) {
      const text = `${JSON.stringify({ version: 1, alerts }, null, 1)}\n`;
      chain = chain.then(
        () => writeFileAtomic(path, text),
        () => writeFileAtomic(path, text),
      );
      return chain;
    },
  };
}
