/** Profile operations the UI triggers, with the shared state updated from the answer and errors in plain words. */
import { call } from '../bridge';
import { notify, profiles } from '../state/store';

/** Makes a profile active; every panel keyed by profileId follows in the same render. */
export async function activateProfile(id: string): Promise<void> {
  if (profiles.value?.activeId === id) return;
  try {
    profiles.value = await call('accounts.activate', { id });
  } catch (e) {
    notify('error', `Could not switch profile: ${(e as Error).message}`);
  }
}

/** The Nth profile (1-based, in the switcher's order), for Mod+1..9. */
export function activateNth(n: number): void {
  const p = profiles.value?.profiles[n - 1];
  if (p) void activateProfile(p.id);
  else notify('info', `There is no profile ${n}. Add one from the account switcher.`);
}
