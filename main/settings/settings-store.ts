import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { type Settings, settingsSchema } from '../../preload/contract';
import { writeFileAtomic } from '../lib/atomic-file';

export const DEFAULT_SETTINGS: Settings = {
  theme: 'dark',
  colorblind: false,
  confirmOrders: true,
  keymap: {},
  layout: {},
  lastPair: 'BTC_USD',
  lastTimeframe: '60',
};

export interface SettingsStore {
  get(): Settings;
  update(patch: Partial<Settings>): Promise<Settings>;
}

/**
 * UI preferences (theme, keymap overrides, layout) in settings.json of the user-data folder. A file that does
 * not parse is moved aside and defaults are used, so a bad edit never stops the app from starting.
 */
export async function createSettingsStore(dir: string, now: () => number = Date.now): Promise<SettingsStore> {
  const path = join(dir, 'settings.json');
  let current = DEFAULT_SETTINGS;
  try {
    const parsed = settingsSchema.partial().safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (parsed.success) current = { ...DEFAULT_SETTINGS, ...parsed.data };
    else await rename(path, join(dir, `settings.corrupt-${now()}.json`));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      await rename(path, join(dir, `settings.corrupt-${now()}.json`)).catch(() => {});
  }
  // Writes are serialised so two quick updates cannot land out of order.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get: () => current,
    update(patch) {
      current = settingsSchema.parse({ ...current, ...patch });
      const snapshot = JSON.stringify(current, null, 2);
      const write = queue.then(() => writeFileAtomic(path, snapshot));
      queue = write.catch(() => {});
      return write.then(() => current);
    },
  };
}
