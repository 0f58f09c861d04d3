/** The API client: the only code that talks to an exchange. */
export { createAlpClient } from './client';
export { ApiError, isApiError } from './errors';
export { createFileNonceStore, createMemoryNonceStore } from './nonce';
export { signV1, serializeV1Payload, serializeV1PayloadUriComponent, quotePlus } from './sign-v1';
export { PATHS } from './paths';
export * from './types';
