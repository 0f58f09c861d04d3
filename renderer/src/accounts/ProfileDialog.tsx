import { useRef, useState } from 'preact/hooks';
import type { ProfileView, VerifyResult } from '../../../preload/contract';
import type { ApiDialect, VenueKind } from '../../../preload/domain';
import { BridgeCallError, call } from '../bridge';
import { displayChord } from '../keyboard/chord';
import { chordOf, isMac } from '../keyboard/keymap-state';
import { Modal } from '../shell/Modal';
import { ModalFoot } from '../shell/ModalFoot';
import { appInfo, notify, profiles } from '../state/store';
import { nextColor, PROFILE_COLORS } from './colors';
import { closeAccountsDialog, openAccountsDialog } from './dialog-state';
import { SecretInput, takeSecret } from './SecretInput';
import './accounts.css';

interface FieldError {
  field: string | null;
  message: string;
}

function asFieldError(e: unknown): FieldError {
  if (e instanceof BridgeCallError) return { field: e.field ?? null, message: e.message };
  return { field: null, message: (e as Error).message ?? String(e) };
}

function venueName(kind: VenueKind): string {
  return appInfo.value?.venues.find((v) => v.kind === kind)?.name ?? (kind === 'alp' ? 'ALP.COM' : 'Paper');
}

function ColorPicker({ value, onChange }: { value: string; onChange(c: string): void }) {
  return (
    <fieldset class="color-picker">
      <legend class="sr-only">Color</legend>
      {PROFILE_COLORS.map((c) => (
        <input
          key={c}
          type="radio"
          name="profile-color"
          aria-label={`Color ${c}`}
          class="swatch"
          style={{ background: c }}
          checked={value.toLowerCase() === c}
          onChange={() => onChange(c)}
        />
      ))}
      <input type="color" aria-label="Custom color" value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </fieldset>
  );
}

function Err({ error, field }: { error: FieldError | null; field: string }) {
  if (!error || error.field !== field) return null;
  return (
    <span class="field-error" role="alert">
      {error.message}
    </span>
  );
}

/** A refusal that names no field, under the form. */
function FormErr({ error }: { error: FieldError | null }) {
  if (!error || error.field !== null) return null;
  return (
    <p class="form-error field-error" role="alert">
      {error.message}
    </p>
  );
}

/** The profile's label, focused when the dialog opens, with its refusal under it. */
function LabelField(props: {
  id: string;
  name?: string;
  value: string;
  onInput: (label: string) => void;
  error: FieldError | null;
}) {
  return (
    <>
      <label for={props.id}>Label</label>
      <div>
        <input
          id={props.id}
          name={props.name}
          value={props.value}
          maxLength={40}
          required
          data-autofocus
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
        <Err error={props.error} field="label" />
      </div>
    </>
  );
}

/** Add a profile: the secret goes straight from its field into the bridge call and is never kept or shown. */
export function AddProfileDialog() {
  const used = profiles.value?.profiles.map((p) => p.color) ?? [];
  const [label, setLabel] = useState('');
  const [venue, setVenue] = useState<VenueKind>('alp');
  const [baseUrl, setBaseUrl] = useState('');
  const [dialect, setDialect] = useState<ApiDialect>('current');
  const [apiKey, setApiKey] = useState('');
  const [color, setColor] = useState(() => nextColor(used));
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);
  const venues = appInfo.value?.venues ?? [
    { kind: 'alp' as const, name: 'ALP.COM', defaultBaseUrl: '' },
    { kind: 'paper' as const, name: 'Paper', defaultBaseUrl: '' },
  ];
  const defaultUrl = venues.find((v) => v.kind === venue)?.defaultBaseUrl ?? '';

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    // Read once, then wipe the field: the secret lives only in this call's arguments.
    const apiSecret = takeSecret(secretRef.current);
    try {
      const added = await call('accounts.add', {
        label,
        venue,
        apiKey,
        apiSecret,
        color,
        dialect,
        ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
      });
      profiles.value = await call('accounts.list', {});
      notify('success', `Profile “${added.label}” added. Press ${profileHint(added.id)} to switch to it.`);
      closeAccountsDialog();
    } catch (err) {
      setError(asFieldError(err));
      setBusy(false);
    }
  }

  return (
    <Modal title="Add profile" onClose={closeAccountsDialog} testId="add-profile">
      <form onSubmit={submit} autoComplete="off">
        <div class="modal-head">Add profile</div>
        <div class="modal-body form-grid">
          <LabelField id="pf-label" name="label" value={label} onInput={setLabel} error={error} />
          <label for="pf-venue">Venue</label>
          <select
            id="pf-venue"
            name="venue"
            value={venue}
            onChange={(e) => setVenue(e.currentTarget.value as VenueKind)}
          >
            {venues.map((v) => (
              <option key={v.kind} value={v.kind}>
                {v.name}
              </option>
            ))}
          </select>
          <label for="pf-key">API key</label>
          <div>
            <input
              id="pf-key"
              name="apiKey"
              value={apiKey}
              required
              spellcheck={false}
              onInput={(e) => setApiKey(e.currentTarget.value)}
            />
            <Err error={error} field="apiKey" />
          </div>
          <label for="pf-secret">API secret</label>
          <div>
            <SecretInput id="pf-secret" inputRef={secretRef} />
            <span class="muted hint">Stored in the OS keychain. It is never shown again.</span>
            <Err error={error} field="apiSecret" />
          </div>
          <span>Color</span>
          <ColorPicker value={color} onChange={setColor} />
          <details class="advanced">
            <summary>Advanced</summary>
            <label for="pf-url">Base URL</label>
            <input
              id="pf-url"
              name="baseUrl"
              value={baseUrl}
              placeholder={defaultUrl || 'default'}
              spellcheck={false}
              onInput={(e) => setBaseUrl(e.currentTarget.value)}
            />
            <Err error={error} field="baseUrl" />
            <DialectChoice id="pf-dialect" value={dialect} onChange={setDialect} />
          </details>
        </div>
        <FormErr error={error} />
        <ModalFoot onCancel={closeAccountsDialog} submit={busy ? 'Adding…' : 'Add profile'} busy={busy} />
      </form>
    </Modal>
  );
}

function profileHint(id: string): string {
  const n = (profiles.value?.profiles.findIndex((p) => p.id === id) ?? -1) + 1;
  const chord = chordOf.value.get(`profile.switch.${n}`);
  return chord ? displayChord(chord, isMac.value) : 'the switcher';
}

/** Verify a profile's key against its venue; the answer's plain message is shown as is. */
export function VerifyButton({ id }: { id: string }) {
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div class="verify">
      <button
        type="button"
        class="btn"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            setResult(await call('accounts.verify', { id }));
          } catch (e) {
            setResult(null);
            setError((e as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Checking…' : 'Verify key'}
      </button>
      {result && (
        <span role="status" data-testid="verify-result" class={result.ok ? 'verify-ok' : 'field-error'}>
          {result.message}
          {result.ok &&
            ` (${[result.canRead && 'read', result.canTrade && 'trade', result.v3 && 'v3'].filter(Boolean).join(', ')})`}
        </span>
      )}
      {error && (
        <span role="alert" class="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** Edit label, color and base URL; from here also verify, rotate the secret, or remove. */
export function EditProfileDialog({ profile }: { profile: ProfileView }) {
  const [label, setLabel] = useState(profile.label);
  const [color, setColor] = useState(profile.color);
  const [baseUrl, setBaseUrl] = useState(profile.baseUrl);
  const [dialect, setDialect] = useState<ApiDialect>(profile.dialect);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const patch: { id: string; label?: string; color?: string; baseUrl?: string; dialect?: ApiDialect } = {
        id: profile.id,
      };
      if (dialect !== profile.dialect) patch.dialect = dialect;
      if (label !== profile.label) patch.label = label;
      if (color !== profile.color) patch.color = color;
      if (!profile.builtIn && baseUrl.trim() && baseUrl.trim() !== profile.baseUrl) patch.baseUrl = baseUrl.trim();
      if (Object.keys(patch).length > 1) await call('accounts.edit', patch);
      profiles.value = await call('accounts.list', {});
      closeAccountsDialog();
    } catch (err) {
      setError(asFieldError(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={`Edit profile ${profile.label}`} onClose={closeAccountsDialog} testId="edit-profile">
      <form onSubmit={submit} autoComplete="off">
        <div class="modal-head">
          <span>
            Edit profile{' '}
            <span class="muted">
              · {venueName(profile.venue)}
              {profile.builtIn ? ' · built-in' : ''}
            </span>
          </span>
          <span class="muted num">key {profile.apiKeyHint}</span>
        </div>
        <div class="modal-body form-grid">
          <LabelField id="pe-label" value={label} onInput={setLabel} error={error} />
          <span>Color</span>
          <ColorPicker value={color} onChange={setColor} />
          <label for="pe-url">Base URL</label>
          <div>
            <input
              id="pe-url"
              value={baseUrl}
              disabled={profile.builtIn}
              spellcheck={false}
              onInput={(e) => setBaseUrl(e.currentTarget.value)}
            />
            <Err error={error} field="baseUrl" />
          </div>
          <details class="advanced span2" open={profile.dialect !== 'current'}>
            <summary>Advanced</summary>
            <DialectChoice id="pe-dialect" value={dialect} onChange={setDialect} />
          </details>
          {!profile.hasSecret && !profile.builtIn && (
            <p class="field-error span2">
              The secret for this profile is missing from the keychain. Use “Replace secret” to enter it again.
            </p>
          )}
          <span>Key</span>
          <VerifyButton id={profile.id} />
        </div>
        <FormErr error={error} />
        <div class="modal-foot">
          {!profile.builtIn && (
            <>
              <button
                type="button"
                class="btn danger"
                onClick={() => openAccountsDialog({ kind: 'remove', id: profile.id })}
              >
                Remove…
              </button>
              <button type="button" class="btn" onClick={() => openAccountsDialog({ kind: 'rotate', id: profile.id })}>
                Replace secret…
              </button>
            </>
          )}
          <span class="spacer" />
          <button type="button" class="btn" onClick={closeAccountsDialog}>
            Cancel
          </button>
          <button type="submit" class="btn primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Which API the profile speaks: today's ALP.COM by default; the documented API for older setups and tests. */
function DialectChoice({ id, value, onChange }: { id: string; value: ApiDialect; onChange: (d: ApiDialect) => void }) {
  return (
    <>
      <label for={id}>API</label>
      <div>
        <select
          id={id}
          name="dialect"
          data-testid="profile-dialect"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value === 'documented' ? 'documented' : 'current')}
        >
          <option value="current">Current ALP.COM API (v3, streaming)</option>
          <option value="documented">Documented API (v1 + early v3, polling)</option>
        </select>
        <span class="muted hint">
          {value === 'current'
            ? 'What ALP.COM serves today: v3 only, live updates over its WebSocket.'
            : 'The API of the original specification (v1 is shut down on ALP.COM): polls; deposits and withdrawals lists.'}
        </span>
      </div>
    </>
  );
}
