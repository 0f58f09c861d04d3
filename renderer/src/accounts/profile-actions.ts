/** Profile operations the UI triggers, with the shared state updated from the answer and errors in plain words. */
import type { ExchangeAccount } from '../../../preload/domain';
import { call } from '../bridge';
import { notify, profiles } from '../state/store';
import { chooseTradingAccount, subaccountsByProfile } from './trading-account';

/** Makes a profile active; every panel keyed by profileId follows in the same render. */
export async function activateProfile(id: string): Promise<void> {
  if (profiles.value?.activeId === id) return;
  try {
    profiles.value = await call('accounts.activate', { id });
  } catch (e) {
    notify('error', `Could not switch profile: ${(e as Error).message}`);
  }
}

/** One line of the switcher: a profile, or a subaccount listed under it. */
export interface SwitcherEntry {
  profileId: string;
  subaccount: ExchangeAccount | null;
}

/** The switcher's visible order: each profile followed by the subaccounts its key can reach. */
export function switcherEntries(): SwitcherEntry[] {
  const subs = subaccountsByProfile.value;
  return (profiles.value?.profiles ?? []).flatMap((p) => [
    { profileId: p.id, subaccount: null },
    ...(subs[p.id] ?? []).map((a) => ({ profileId: p.id, subaccount: a })),
  ]);
}

/** Trades as a profile's own account, or as one of its subaccounts. */
export async function activateEntry(e: SwitcherEntry): Promise<void> {
  await activateProfile(e.profileId);
  if (profiles.value?.activeId === e.profileId) chooseTradingAccount(e.profileId, e.subaccount);
}

/** The Nth line of the switcher (1-based, profiles and subaccounts as listed), for Mod+1..9. */
export function activateNth(n: number): void {
  const e = switcherEntries()[n - 1];
  if (e) void activateEntry(e);
  else notify('info', `There is no profile ${n}. Add one from the account switcher.`);
}

/** Reads the subaccounts each profile's key can reach (the key's own account is not listed again). */
export async function loadSubaccounts(): Promise<void> {
  const list = profiles.value?.profiles ?? [];
  const found: Record<string, ExchangeAccount[]> = {};
  await Promise.all(
    list
      .filter((p) => p.hasSecret || p.builtIn)
      .map(async (p) => {
        try {
          const accounts = await call('accounts.subaccounts', { profileId: p.id });
          found[p.id] = accounts.filter((a) => a.parentId !== null);
        } catch {
          // A key that cannot list accounts (offline, v3 refused) simply shows no subaccounts.
        }
      }),
  );
  subaccountsByProfile.value = found;
}
