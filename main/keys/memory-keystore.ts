/**
 * An in-memory keystore for tests: same contract as the keychain, plus a switch that makes it behave like an
 * unreachable keychain (every call fails with KeychainUnavailableError).
 */
import type { Keystore } from './types';
import { KeychainUnavailableError, keychainAdvice } from './errors';

export interface MemoryKeystore extends Keystore {
  /** false: every call fails as if the keychain were locked or missing. */
  setAvailable(available: boolean): void;
}

export function createMemoryKeystore(initial: Record<string, string> = {}): MemoryKeystore {
  const entries = new Map<string, string>(Object.entries(initial));
  let available = true;
  const check = (): void => {
    if (!available) throw new KeychainUnavailableError(keychainAdvice(), 'keychain disabled by the test');
  };
  return {
    async get(id) {
      check();
      return entries.get(id) ?? null;
    },
    async set(id, secret) {
      check();
      entries.set(id, secret);
    },
    async delete(id) {
      check();
      return entries.delete(id);
    },
    async list() {
      check();
      return [...entries.keys()];
    },
    setAvailable(v) {
      available = v;
    },
  };
}
