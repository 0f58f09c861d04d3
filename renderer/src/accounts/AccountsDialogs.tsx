import { profiles } from '../state/store';
import { accountsDialog } from './dialog-state';
import { AddProfileDialog, EditProfileDialog } from './ProfileDialog';
import { RemoveProfileDialog } from './RemoveProfileDialog';
import { RotateSecretDialog } from './RotateSecretDialog';

/** Renders whichever accounts dialog is open. */
export function AccountsDialogs() {
  const d = accountsDialog.value;
  if (!d) return null;
  if (d.kind === 'add') return <AddProfileDialog />;
  const profile = profiles.value?.profiles.find((p) => p.id === d.id);
  if (!profile) return null;
  // Keyed by kind+id so switching from edit to rotate mounts a fresh dialog (and fresh focus handling).
  if (d.kind === 'edit') return <EditProfileDialog key={`e${d.id}`} profile={profile} />;
  if (d.kind === 'rotate') return <RotateSecretDialog key={`r${d.id}`} profile={profile} />;
  return <RemoveProfileDialog key={`x${d.id}`} profile={profile} />;
}
