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
 * What to do, for failures whose own message only says what happened. Refusals ('rejected', 'validation') already
 * name what to change, and keychain errors carry their own advice.
 */
const ADVICE: Partial<Record<BridgeErrorCode, string>> = {
  network: 'Check the connection and the profile’s base URL; reads retry by themselves.',
  timeout:
    'The exchange did not answer in time. An order’s outcome is checked before anything is resent: look at open orders.',
  auth: 'Check the profile’s API key and secret (Accounts: edit or rotate the secret), then verify it.',
  nonce: 'The request was refused before it did anything; try again.',
  rate_limit: 'Too many requests for this account right now; wait a moment and try again.',
  malformed: 'The exchange answered in a form the app does not understand; try again, and report it if it persists.',
  unsupported: 'This operation is not available on this venue.',
};

function withAdvice(code: BridgeErrorCode, message: string): string {
  const advice = ADVICE[code];
  return advice ? `${message.replace(/[.\s]*$/, '')}. ${advice}` : message;
}

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
      const code = API_KIND_TO_CODE[kind] ?? 'internal';
      return withField({ code, message: withAdvice(code, e.message) }, typeof field === 'string' ? field : undefined);
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
