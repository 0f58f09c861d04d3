export type { NewProfile, ProfilePatch, EmbeddedPaper, ProfileManagerDeps, ProfileManager } from './types';
export { createProfileManager, NONCES_FILE } from './profile-manager';
export {
  createProfileStore,
  profilesFileSchema,
  PROFILES_FILE,
  type ProfileStore,
  type ProfilesFile,
  type StoredProfile,
  type LoadResult,
} from './profile-store';
export {
  ProfileNotFoundError,
  ProfileForbiddenError,
  ProfileValidationError,
  ProfileChangedError,
  PaperUnavailableError,
} from './errors';
export { BUILTIN_PAPER_ID, PAPER_FUNDING } from './paper-builtin';
export { maskApiKey } from './view';
export { orderAccounts } from './subaccounts';
export { verifyClient, explainFailure } from './verify';
