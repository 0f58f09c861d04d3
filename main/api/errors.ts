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
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly field?: string;
  readonly exchangeMessage?: string;
  readonly operation: string;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.operation = init.operation;
    if (init.field !== undefined) this.field = init.field;
    if (init.exchangeMessage !== undefined) this.exchangeMessage = init.exchangeMessage;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
