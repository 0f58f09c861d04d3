import { useRef, useState } from 'preact/hooks';
import type { ProfileView } from '../../../preload/contract';
import { call } from '../bridge';
import { Modal } from '../shell/Modal';
import { ModalFoot } from '../shell/ModalFoot';
import { notify, profiles } from '../state/store';
import { closeAccountsDialog } from './dialog-state';
import { SecretInput, takeSecret } from './SecretInput';

/** Replace a profile's secret (and optionally its key), e.g. after rotating it on the exchange. */
export function RotateSecretDialog({ profile }: { profile: ProfileView }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const apiSecret = takeSecret(secretRef.current);
    try {
      await call('accounts.rotateSecret', {
        id: profile.id,
        apiSecret,
        ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
      });
      profiles.value = await call('accounts.list', {});
      notify('success', `The secret of “${profile.label}” was replaced.`);
      closeAccountsDialog();
    } catch (err) {
      setError(`${(err as Error).message} Enter the secret again to retry.`);
      setBusy(false);
    }
  }

  return (
    <Modal title={`Replace secret of ${profile.label}`} onClose={closeAccountsDialog} testId="rotate-secret">
      <form onSubmit={submit} autoComplete="off">
        <div class="modal-head">Replace secret · {profile.label}</div>
        <div class="modal-body form-grid">
          <label for="pr-key">New API key</label>
          <input
            id="pr-key"
            value={apiKey}
            placeholder={`keep ${profile.apiKeyHint}`}
            spellcheck={false}
            data-autofocus
            onInput={(e) => setApiKey(e.currentTarget.value)}
          />
          <label for="pr-secret">New API secret</label>
          <div>
            <SecretInput id="pr-secret" inputRef={secretRef} />
            <span class="muted hint">Stored in the OS keychain. It is never shown again.</span>
          </div>
        </div>
        {error && (
          <p class="form-error field-error" role="alert">
            {error}
          </p>
        )}
        <ModalFoot onCancel={closeAccountsDialog} submit="Replace" busy={busy} />
      </form>
    </Modal>
  );
}
