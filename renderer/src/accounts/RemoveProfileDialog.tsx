import { useState } from 'preact/hooks';
import type { ProfileView } from '../../../preload/contract';
import { call } from '../bridge';
import { Modal } from '../shell/Modal';
import { notify, profiles } from '../state/store';
import { closeAccountsDialog } from './dialog-state';

/** Confirmation before removing a profile and deleting its secret from the keychain. */
export function RemoveProfileDialog({ profile }: { profile: ProfileView }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={`Remove ${profile.label}?`} onClose={closeAccountsDialog} testId="remove-profile">
      <div class="modal-head">Remove profile</div>
      <div class="modal-body">
        <p>
          Remove <strong>{profile.label}</strong> and delete its API secret from the keychain? Orders on the exchange
          are not affected.
        </p>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div class="modal-foot">
        <button type="button" class="btn" data-autofocus onClick={closeAccountsDialog}>
          Keep it
        </button>
        <button
          type="button"
          class="btn danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              profiles.value = await call('accounts.remove', { id: profile.id });
              notify('info', `Profile “${profile.label}” removed.`);
              closeAccountsDialog();
            } catch (e) {
              setError((e as Error).message);
              setBusy(false);
            }
          }}
        >
          Remove
        </button>
      </div>
    </Modal>
  );
}
