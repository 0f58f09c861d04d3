import type { BridgeErrorCode, BridgeErrorInfo } from '../../preload/contract';

/** An error a service throws on purpose: its message is already plain words for a trader. */
export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

const API_KIND_TO_CODE: Record<string, BridgeErrorCode> = {
  network: 'network',
  timeout: 'timeout',
  auth: 'auth',
  nonce: 'nonce',
  rate_limit: 'rate_limit',
  validation: 'validation',
  rejected: 'rejected',
  malformed: 'malformed',
  unsupported: 'unsupported',
  keychain: 'keychain',
  not_found: 'not_found',
  forbidden: 'forbidden',
};

/**
 * Turns anything thrown by a handler into what crosses the bridge. Known errors keep their message; anything
 * unexpected becomes a generic message, so internals (paths, stack traces) never reach the renderer.
 */
export function toBridgeError(e: unknown): BridgeErrorInfo {
  if (e instanceof BridgeError) return withField({ code: e.code, message: e.message }, e.field);
  if (e instanceof Error) {
    // Errors of the API client and keystore carry a `kind` (duck-typed to keep this module dependency-free).
    const kind = (e as { kind?: unknown }).kind;
    if (typeof kind === 'string' && kind in API_KIND_TO_CODE) {
      const field = (e as { field?: unknown }).field;
      return withField(
        { code: API_KIND_TO_CODE[kind] ?? 'internal', message: e.message },
        typeof field === 'string' ? field : undefined,
      );
    }
  }
  return {
    code: 'internal',
    message: 'Something went wrong inside the app. Try again; if it persists, restart the app.',
  };
}

function withField(info: BridgeErrorInfo, field: string | undefined): BridgeErrorInfo {
  return field ? { ...info, field } : info;
}
