/**
 * The profile manager: profiles on disk (never a secret), secrets in the keychain, one client per profile.
 *
 * Switching (activate) only changes which profile the UI shows. Every private call names its profile and runs on
 * that profile's own client (own nonce sequence, own rate limiter), so a call still in flight after a switch
 * finishes against the profile that sent it and its result belongs to that profile, never to the new view.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ProfileView, ProfilesState, VerifyResult } from '../../preload/contract';
import type { ExchangeAccount } from '../../preload/domain';
import { createFileNonceStore } from '../api/index';
import type { AlpClient, Credentials, NonceStore } from '../api/types';
import { KeychainEntryMissingError, describeCause } from '../keys/errors';
import type { NewProfile, ProfileManager, ProfileManagerDeps, ProfilePatch } from './types';
import { PaperUnavailableError, ProfileChangedError, ProfileForbiddenError, ProfileNotFoundError } from './errors';
import {
  BUILTIN_PAPER_COLOR,
  BUILTIN_PAPER_ID,
  BUILTIN_PAPER_LABEL,
  PAPER_FUNDING,
  newPaperIdentity,
} from './paper-builtin';
import { type ProfilesFile, type StoredProfile, createProfileStore } from './profile-store';
import { redactingClient } from './redacting-client';
import { orderAccounts } from './subaccounts';
import { checkApiKey, checkBaseUrl, checkColor, checkLabel, checkSecret } from './validate';
import { explainFailure, verifyClient } from './verify';
import { dialectOf, toView } from './view';

export const NONCES_FILE = 'nonces.json';

export async function createProfileManager(deps: ProfileManagerDeps): Promise<ProfileManager> {
  const store = createProfileStore(deps.dir, deps.now);
  // One store shared by every client: it is keyed by API key, and one writer per file avoids lost updates.
  const nonceStore: NonceStore = createFileNonceStore(join(deps.dir, NONCES_FILE));
  const paperIdentity = newPaperIdentity();
  const clients = new Map<string, AlpClient>();
  const hasSecret = new Map<string, boolean>();
  /** User paper profiles already created on this run's embedded exchange ("id:apiKey"). */
  const ensuredOnPaper = new Set<string>();
  const listeners = new Set<(s: ProfilesState) => void>();
  let fileWarning: string | null = null;
  let keychainWarning: string | null = null;
  let paperWarning: string | null = null;

  // ---- load ----
  const loaded = await store.load();
  if (loaded.kind === 'corrupt') fileWarning = loaded.warning;
  let file: ProfilesFile =
    loaded.kind === 'ok' ? loaded.data : { version: 1, activeId: BUILTIN_PAPER_ID, profiles: [] };
  const repaired = withBuiltinPaper(file, deps.now());
  if (repaired !== file || loaded.kind !== 'ok') {
    file = repaired;
    await store.save(file);
  }

  if (deps.paper) {
    try {
      deps.paper.ensureAccount({
        name: BUILTIN_PAPER_ID,
        key: paperIdentity.apiKey,
        secret: paperIdentity.secret(),
        balances: { ...PAPER_FUNDING },
      });
    } catch (err) {
      paperWarning = `The built-in paper account could not be created (${describeCause(err)}): restart ALP Terminal.`;
    }
  }

  try {
    const ids = new Set(await deps.keystore.list());
    for (const p of file.profiles) if (!p.builtIn) hasSecret.set(p.id, ids.has(p.id));
  } catch (err) {
    // The profiles still load; their calls fail with this message until the keychain is reachable.
    keychainWarning = describeCause(err);
    for (const p of file.profiles) if (!p.builtIn) hasSecret.set(p.id, false);
  }

  // ---- helpers ----
  function find(id: string): StoredProfile {
    const p = file.profiles.find((x) => x.id === id);
    if (!p) throw new ProfileNotFoundError(id);
    return p;
  }

  /** True when the profile trades on this run's embedded paper exchange (its URL changes every run). */
  function onEmbeddedPaper(p: StoredProfile): boolean {
    return p.venue === 'paper' && p.baseUrl === null;
  }

  function baseUrlOf(p: StoredProfile): string {
    if (p.baseUrl !== null) return p.baseUrl;
    return p.venue === 'alp' ? deps.liveBaseUrl : (deps.paper?.url ?? '');
  }

  function view(p: StoredProfile): ProfileView {
    return p.builtIn
      ? toView(p, {
          baseUrl: baseUrlOf(p),
          apiKey: paperIdentity.apiKey,
          hasSecret: deps.paper !== null && paperWarning === null,
        })
      : toView(p, { baseUrl: baseUrlOf(p), apiKey: p.apiKey, hasSecret: hasSecret.get(p.id) ?? false });
  }

  function state(): ProfilesState {
    const warnings = [fileWarning, keychainWarning, paperWarning].filter((w): w is string => w !== null);
    return {
      profiles: file.profiles.map(view),
      activeId: file.activeId,
      warning: warnings.length ? warnings.join(' ') : null,
    };
  }

  function emit(): void {
    const s = state();
    for (const l of listeners) {
      try {
        l(s);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  /** Records what the keychain just said about a profile's entry; a keychain that answers clears the warning. */
  function markSecret(id: string, present: boolean): void {
    const recovered = keychainWarning !== null;
    if (hasSecret.get(id) === present && !recovered) return;
    hasSecret.set(id, present);
    if (recovered) {
      keychainWarning = null;
      void refreshSecrets();
    }
    emit();
  }

  function keychainFailed(id: string, err: unknown): void {
    hasSecret.set(id, false);
    keychainWarning = describeCause(err);
    emit();
  }

  /** Re-reads which profiles have an entry (after the keychain became reachable again). */
  async function refreshSecrets(): Promise<void> {
    try {
      const ids = new Set(await deps.keystore.list());
      for (const p of file.profiles) if (!p.builtIn) hasSecret.set(p.id, ids.has(p.id));
      emit();
    } catch {
      // still unreachable: the next failing call reports it
    }
  }

  /** Persists, then makes the new state current and tells listeners. */
  async function commit(next: ProfilesFile): Promise<void> {
    await store.save(next);
    file = next;
    emit();
  }

  // Mutations run one at a time so two edits never save over each other.
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads the secret from the keychain at signing time. It is not kept: the client gets it for one call.
   * A request issued before a rotation or removal does not pick up the new state's secret with the old key.
   */
  async function readSecret(id: string, apiKey: string): Promise<string> {
    const p = file.profiles.find((x) => x.id === id);
    if (!p) throw new ProfileNotFoundError(id);
    if (p.apiKey !== apiKey) throw new ProfileChangedError(p.label);
    let secret: string | null;
    try {
      secret = await deps.keystore.get(id);
    } catch (err) {
      keychainFailed(id, err);
      throw err; // KeychainUnavailableError: says what to do
    }
    if (secret === null) {
      markSecret(id, false);
      throw new KeychainEntryMissingError(p.label);
    }
    markSecret(id, true);
    const ensureKey = `${id}:${apiKey}`;
    if (deps.paper && onEmbeddedPaper(p) && !ensuredOnPaper.has(ensureKey)) {
      // The embedded exchange starts empty each run: create this account on first use, funded like the built-in one.
      // Named by profile id: unique and stable across label edits, and never the built-in account's name.
      deps.paper.ensureAccount({ name: `profile-${id}`, key: apiKey, secret, balances: { ...PAPER_FUNDING } });
      ensuredOnPaper.add(ensureKey);
    }
    return secret;
  }

  function credentialsOf(p: StoredProfile): Credentials {
    if (p.builtIn) return { apiKey: paperIdentity.apiKey, secret: async () => paperIdentity.secret() };
    const { id, apiKey } = p;
    return { apiKey, secret: () => readSecret(id, apiKey) };
  }

  /** The strings a failed call's error must not carry: the key and (read again, only now) the secret. */
  async function sensitiveOf(p: StoredProfile): Promise<string[]> {
    if (p.builtIn) return [paperIdentity.apiKey, paperIdentity.secret()];
    const secret = await deps.keystore.get(p.id).catch(() => null);
    return secret === null ? [p.apiKey] : [p.apiKey, secret];
  }

  function client(id: string): AlpClient {
    const p = find(id);
    const cached = clients.get(id);
    if (cached) return cached;
    if ((p.builtIn || onEmbeddedPaper(p)) && !deps.paper) throw new PaperUnavailableError();
    const inner = deps.createClient({
      baseUrl: baseUrlOf(p),
      credentials: credentialsOf(p),
      nonceStore,
      dialect: dialectOf(p),
    });
    const c = redactingClient(inner, () => sensitiveOf(p));
    clients.set(id, c);
    return c;
  }

  function updated(id: string, change: (p: StoredProfile) => StoredProfile): ProfilesFile {
    return { ...file, profiles: file.profiles.map((p) => (p.id === id ? change(p) : p)) };
  }

  // ---- the interface ----
  const manager: ProfileManager = {
    state,

    add: (input: NewProfile) =>
      exclusive(async () => {
        const p: StoredProfile = {
          id: randomUUID(),
          label: checkLabel(input.label),
          venue: input.venue,
          baseUrl: input.baseUrl === undefined ? null : checkBaseUrl(input.baseUrl),
          apiKey: checkApiKey(input.apiKey),
          color: checkColor(input.color),
          createdAt: deps.now(),
          lastUsedAt: null,
          builtIn: false,
          ...(input.dialect !== undefined ? { dialect: input.dialect } : {}),
        };
        const secret = checkSecret(input.apiSecret);
        // Keychain first: if it fails nothing is saved, so there is never a profile without its secret.
        await deps.keystore.set(p.id, secret);
        try {
          hasSecret.set(p.id, true);
          await commit({ ...file, profiles: [...file.profiles, p] });
        } catch (err) {
          hasSecret.delete(p.id);
          await deps.keystore.delete(p.id).catch(() => false);
          throw err;
        }
        keychainWarning = null;
        return view(p);
      }),

    edit: (id: string, patch: ProfilePatch) =>
      exclusive(async () => {
        const p = find(id);
        if (p.builtIn && patch.baseUrl !== undefined)
          throw new ProfileForbiddenError('The built-in Paper account always uses the embedded paper exchange.');
        const label = patch.label === undefined ? p.label : checkLabel(patch.label);
        const color = patch.color === undefined ? p.color : checkColor(patch.color);
        const baseUrl = patch.baseUrl === undefined ? p.baseUrl : checkBaseUrl(patch.baseUrl);
        const dialect = patch.dialect ?? p.dialect;
        await commit(updated(id, (x) => ({ ...x, label, color, baseUrl, ...(dialect ? { dialect } : {}) })));
        // The next call builds a client for the new URL or dialect.
        if (baseUrl !== p.baseUrl || dialectOf({ ...p, ...(dialect ? { dialect } : {}) }) !== dialectOf(p))
          clients.delete(id);
        return view(find(id));
      }),

    rotateSecret: (id: string, next: { apiKey?: string; apiSecret: string }) =>
      exclusive(async () => {
        const p = find(id);
        if (p.builtIn)
          throw new ProfileForbiddenError(
            'The built-in Paper account gets a fresh key every run; there is nothing to rotate.',
          );
        const apiKey = next.apiKey === undefined ? p.apiKey : checkApiKey(next.apiKey);
        const secret = checkSecret(next.apiSecret);
        if (apiKey === p.apiKey) {
          await deps.keystore.set(id, secret);
        } else {
          // Key and secret change together: if saving the new key fails, put the old secret back.
          const previous = await deps.keystore.get(id);
          await deps.keystore.set(id, secret);
          try {
            await store.save(updated(id, (x) => ({ ...x, apiKey })));
          } catch (err) {
            await (previous === null ? deps.keystore.delete(id) : deps.keystore.set(id, previous)).catch(
              () => undefined,
            );
            throw err;
          }
          file = updated(id, (x) => ({ ...x, apiKey }));
        }
        clients.delete(id); // drop any client (and paper account memo) built with the old credentials
        ensuredOnPaper.delete(`${id}:${apiKey}`);
        hasSecret.set(id, true);
        keychainWarning = null;
        emit();
        return view(find(id));
      }),

    remove: (id: string) =>
      exclusive(async () => {
        const p = find(id);
        if (p.builtIn) throw new ProfileForbiddenError('The built-in Paper account cannot be removed.');
        // Keychain first: if it is unreachable the profile stays, rather than leaving a secret nobody can see.
        await deps.keystore.delete(id);
        clients.delete(id);
        hasSecret.delete(id);
        await commit({
          ...file,
          activeId: file.activeId === id ? BUILTIN_PAPER_ID : file.activeId,
          profiles: file.profiles.filter((x) => x.id !== id),
        });
        return state();
      }),

    activate: (id: string) =>
      exclusive(async () => {
        find(id);
        const at = deps.now();
        await commit({ ...updated(id, (x) => ({ ...x, lastUsedAt: at })), activeId: id });
        return state();
      }),

    async verify(id: string): Promise<VerifyResult> {
      const p = find(id);
      let c: AlpClient;
      try {
        c = client(id);
        // Read the secret once up front so a keychain problem is reported as such, not as a failed request.
        if (!p.builtIn) await readSecret(id, p.apiKey);
      } catch (err) {
        if (err instanceof ProfileNotFoundError) throw err;
        return {
          ok: false,
          message: explainFailure(err, baseUrlOf(p)),
          canRead: false,
          canTrade: false,
          v3: false,
          accounts: [],
        };
      }
      return verifyClient(c, p.venue, baseUrlOf(p));
    },

    async subaccounts(id: string): Promise<ExchangeAccount[]> {
      return orderAccounts(await client(id).accounts({ includeSubaccounts: true }));
    },

    client,

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async dispose() {
      await queue;
      listeners.clear();
      clients.clear();
    },
  };
  return manager;
}

/** The file as loaded, plus the built-in Paper profile if absent and a valid active id. Returns `f` unchanged if nothing was needed. */
function withBuiltinPaper(f: ProfilesFile, now: number): ProfilesFile {
  let out = f;
  if (!f.profiles.some((p) => p.id === BUILTIN_PAPER_ID)) {
    const builtin: StoredProfile = {
      id: BUILTIN_PAPER_ID,
      label: BUILTIN_PAPER_LABEL,
      venue: 'paper',
      baseUrl: null,
      apiKey: '',
      color: BUILTIN_PAPER_COLOR,
      createdAt: now,
      lastUsedAt: null,
      builtIn: true,
    };
    out = { ...out, profiles: [builtin, ...out.profiles] };
  }
  // Only the one built-in profile may carry the flag, whatever a hand-edited file says.
  if (out.profiles.some((p) => p.builtIn !== (p.id === BUILTIN_PAPER_ID)))
    out = { ...out, profiles: out.profiles.map((p) => ({ ...p, builtIn: p.id === BUILTIN_PAPER_ID })) };
  if (!out.profiles.some((p) => p.id === out.activeId)) out = { ...out, activeId: BUILTIN_PAPER_ID };
  return out;
}
