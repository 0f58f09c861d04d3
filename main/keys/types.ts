/**
 * Where secrets live: the OS keychain, reached through keytar in production. Nothing else stores a secret.
 * One entry per profile: service "ALP Terminal", account = the profile id.
 */
export interface Keystore {
  get(profileId: string): Promise<string | null>;
  set(profileId: string, secret: string): Promise<void>;
  /** Resolves true when an entry was deleted. */
  delete(profileId: string): Promise<boolean>;
  /** Profile ids that have an entry. */
  list(): Promise<string[]>;
}

export const KEYCHAIN_SERVICE = 'ALP Terminal';
