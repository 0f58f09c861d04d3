/**
 * The exchange account orders are placed for: the profile's own account (null) or one of the subaccounts its
 * key can reach, chosen in the switcher. Keyed by profile, so a profile switch never carries a subaccount over.
 */
import { computed, signal } from '@preact/signals';
import type { ExchangeAccount } from '../../../preload/domain';
import { profileId } from '../state/store';

export interface TradingAccount {
  profileId: string;
  account: ExchangeAccount;
}

const chosen = signal<TradingAccount | null>(null);

/** The subaccount the active profile trades for, or null for its own account. */
export const tradingAccount = computed(() => {
  const c = chosen.value;
  return c && c.profileId === profileId.value ? c.account : null;
});

export function chooseTradingAccount(pid: string, account: ExchangeAccount | null): void {
  chosen.value = account ? { profileId: pid, account } : null;
}

/** Subaccounts each profile's key can reach (loaded when the switcher opens), by profile id. */
export const subaccountsByProfile = signal<Readonly<Record<string, ExchangeAccount[]>>>({});

/**
 * Why no subaccount shows balances: ALP.COM's balance read (`accounts/balances`, documented and current) takes no
 * account to read and answers the key's own wallets only; orders and margin writes can name a subaccount, reads
 * cannot. Said plainly rather than showing the parent's figures under the subaccount's name.
 */
export const SUBACCOUNT_BALANCES_NOTE =
  "Subaccount balances are not shown: the exchange's API reports balances only for the key's own account.";
