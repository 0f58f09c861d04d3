export { KEYCHAIN_SERVICE, type Keystore } from './types';
export {
  KeychainUnavailableError,
  KeychainEntryMissingError,
  keychainAdvice,
  redact,
  describeCause,
} from './errors';
export { createKeytarKeystore, type KeytarLike, type KeytarKeystoreOptions } from './keytar-keystore';
export { createMemoryKeystore, type MemoryKeystore } from './memory-keystore';
