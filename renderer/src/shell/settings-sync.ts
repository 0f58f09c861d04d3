/**
 * Settings changes from the UI: applied to the `settings` signal at once (so the screen reacts immediately) and
 * sent to main in one debounced `settings.update`, so dragging a splitter does not write the file 60 times a second.
 */
import type { Settings } from '../../../preload/contract';
import { call } from '../bridge';
import { notify, settings } from '../state/store';

const DEBOUNCE_MS = 400;
let pending: Partial<Settings> = {};
let timer: ReturnType<typeof setTimeout> | null = null;
let inflight: Promise<void> = Promise.resolve();

/** Applies a patch locally and schedules it for saving; `immediate` saves now (e.g. a keymap change). */
export function updateSettings(patch: Partial<Settings>, options: { immediate?: boolean } = {}): Promise<void> {
  const current = settings.value;
  if (current) settings.value = { ...current, ...patch };
  pending = { ...pending, ...patch };
  if (timer) clearTimeout(timer);
  timer = null;
  if (options.immediate) return flushSettings();
  timer = setTimeout(() => void flushSettings(), DEBOUNCE_MS);
  return Promise.resolve();
}

/** Sends whatever is pending now. Saves are chained so they reach main in the order they were made. */
export function flushSettings(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const patch = pending;
  pending = {};
  if (Object.keys(patch).length === 0) return inflight;
  inflight = inflight.then(async () => {
    try {
      await call('settings.update', patch);
    } catch (e) {
      notify('error', `Settings were not saved: ${(e as Error).message}`);
    }
  });
  return inflight;
}
