/**
 * Profiles: several exchange accounts, each with its own client, nonce sequence and rate limiter.
 * The bridge reaches them through this interface; every private call names its profile explicitly, so a call
 * still in flight after a switch finishes against the profile that sent it.
 */
import type { AlpClient, AlpClientDeps } from '../api/types';
import type { ApiDialect, ExchangeAccount, VenueKind } from '../../preload/domain';
import type { ProfileView, ProfilesState, VerifyResult } from '../../preload/contract';
import type { Keystore } from '../keys/types';

export interface NewProfile {
  label: string;
  venue: VenueKind;
  baseUrl?: string;
  apiKey: string;
  apiSecret: string;
  color: string;
  dialect?: ApiDialect;
}

export interface ProfilePatch {
  label?: string;
  color?: string;
  baseUrl?: string;
  dialect?: ApiDialect;
}

/** The embedded paper exchange as the profile manager needs it (a subset of PaperExchangeHandle). */
export interface EmbeddedPaper {
  url: string;
  ensureAccount(seed: { key: string; secret: string; balances: Record<string, string>; name?: string }): number;
}

export interface ProfileManagerDeps {
  /** Folder for profiles.json and nonces (the app's user-data folder). */
  dir: string;
  keystore: Keystore;
  /** Absent when the embedded paper exchange is not running. */
  paper: EmbeddedPaper | null;
  /** Builds a client; tests pass the real createAlpClient with local servers. */
  createClient: (deps: AlpClientDeps) => AlpClient;
  now: () => number;
  /** Live venue's default base URL (https://alp.com). */
  liveBaseUrl: string;
}

export interface ProfileManager {
  state(): ProfilesState;
  add(input: NewProfile): Promise<ProfileView>;
  edit(id: string, patch: ProfilePatch): Promise<ProfileView>;
  rotateSecret(id: string, next: { apiKey?: string; apiSecret: string }): Promise<ProfileView>;
  /** Removes the profile and its keychain entry; the built-in Paper profile cannot be removed. */
  remove(id: string): Promise<ProfilesState>;
  activate(id: string): Promise<ProfilesState>;
  /** One signed call; says whether the key works and what it may do. */
  verify(id: string): Promise<VerifyResult>;
  subaccounts(id: string): Promise<ExchangeAccount[]>;
  /** The profile's own client (own nonce sequence and rate limiter). Throws a not-found error for an unknown id. */
  client(id: string): AlpClient;
  onChange(listener: (s: ProfilesState) => void): () => void;
  dispose(): Promise<void>;
}
