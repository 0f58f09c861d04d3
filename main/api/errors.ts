/** The one error type the client throws. Messages are plain words for a trader; they never hold a secret. */
import type { ApiErrorKind } from './types';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  operation: string;
  message: string;
  status?: number | null;
  field?: string;
  exchangeMessage?: string;
  cause?: unknown;
  /** The request never left: the connection was refused, so the exchange cannot have acted on it. */
  notSent?: boolean;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly field?: string;
  readonly exchangeMessage?: string;
  readonly operation: string;
  readonly notSent: boolean;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.operation = init.operation;
    this.notSent = init.notSent === true;
    if (init.field !== undefined) this.field = init.field;
    if (init.exchangeMessage !== undefined) this.exchangeMessage = init.exchangeMessage;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/**
 * The same error with every given credential (secret, token, signature) cut out of its texts. An exchange or a
 * proxy may echo a request back in its error; what it echoes must never travel further than the client.
 */
export function scrubbed(e: ApiError, credentials: readonly string[]): ApiError {
  const present = credentials.filter((c) => c.length >= 4);
  if (present.length === 0) return e;
  const scrub = (text: string) => present.reduce((t, c) => t.split(c).join('[redacted]'), text);
  const message = scrub(e.message);
  const exchangeMessage = e.exchangeMessage === undefined ? undefined : scrub(e.exchangeMessage);
  if (message === e.message && exchangeMessage === e.exchangeMessage) return e;
  return new ApiError({
    kind: e.kind,
    operation: e.operation,
    message,
    status: e.status,
    ...(e.field !== undefined ? { field: e.field } : {}),
    ...(exchangeMessage !== undefined ? { exchangeMessage } : {}),
    notSent: e.notSent,
  });
}
