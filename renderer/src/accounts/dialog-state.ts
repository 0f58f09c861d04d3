/** Which accounts dialog is open (one at a time), so the switcher, the palette and keys can all open them. */
import { signal } from '@preact/signals';

export type AccountsDialog =
  | { kind: 'add' }
  | { kind: 'edit'; id: string }
  | { kind: 'rotate'; id: string }
  | { kind: 'remove'; id: string };

export const accountsDialog = signal<AccountsDialog | null>(null);

export function openAccountsDialog(d: AccountsDialog): void {
  accountsDialog.value = d;
}
export function closeAccountsDialog(): void {
  accountsDialog.value = null;
}
