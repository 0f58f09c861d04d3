/**
 * The production keystore: the OS keychain through keytar, one entry per profile under one service name.
 * keytar is a native module that talks to D-Bus / Keychain / Credential Manager; it is loaded lazily so a
 * missing or broken module, or no Secret Service, becomes a KeychainUnavailableError instead of a crash at start.
 * There is deliberately no fallback: if the keychain is unusable, secrets are not stored anywhere.
 */
import { KEYCHAIN_SERVICE, type Keystore } from './types';
import { KeychainUnavailableError, describeCause, keychainAdvice, redact } from './errors';

/** The part of keytar this module uses (structural, so tests can pass a stand-in). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarKeystoreOptions {
  /** Keychain service name; tests use a unique one per run. Defaults to KEYCHAIN_SERVICE. */
  service?: string;
  /** Loads keytar; defaults to a dynamic import of the native module. */
  load?: () => Promise<KeytarLike>;
  /** Chooses the advice in error messages; defaults to process.platform. */
  platform?: NodeJS.Platform;
}

async function importKeytar(): Promise<KeytarLike> {
  const mod: unknown = await import('keytar');
  // keytar is CommonJS: under ESM its functions sit on `default`.
  const candidate = (mod as { default?: unknown }).default ?? mod;
  if (!isKeytarLike(candidate)) throw new Error('the keytar module does not export the expected functions');
  return candidate;
}

function isKeytarLike(v: unknown): v is KeytarLike {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'].every((k) => typeof o[k] === 'function');
}

export function createKeytarKeystore(opts: KeytarKeystoreOptions = {}): Keystore {
  const service = opts.service ?? KEYCHAIN_SERVICE;
  const load = opts.load ?? importKeytar;
  const advice = keychainAdvice(opts.platform);
  let loading: Promise<KeytarLike> | null = null;

  async function keytar(): Promise<KeytarLike> {
    if (!loading) {
      loading = load().catch((err: unknown) => {
        loading = null; // allow a later retry (e.g. after the user fixes the install)
        throw new KeychainUnavailableError(advice, `the keychain module could not be loaded: ${describeCause(err)}`);
      });
    }
    return loading;
  }

  /** Runs one keychain operation; any failure becomes a KeychainUnavailableError with the secret redacted. */
  async function op<T>(run: (k: KeytarLike) => Promise<T>, secrets: readonly string[] = []): Promise<T> {
    const k = await keytar();
    try {
      return await run(k);
    } catch (err) {
      throw new KeychainUnavailableError(advice, redact(describeCause(err), secrets));
    }
  }

  return {
    get: (profileId) => op((k) => k.getPassword(service, profileId)),
    set: (profileId, secret) => op((k) => k.setPassword(service, profileId, secret), [secret]),
    delete: (profileId) => op((k) => k.deletePassword(service, profileId)),
    // findCredentials also returns the passwords; only the account names leave this function.
    list: () => op(async (k) => (await k.findCredentials(service)).map((c) => c.account)),
  };
}
