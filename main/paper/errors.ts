/**
 * Why the core refused a command, in domain terms. The core knows nothing of HTTP: each dialect's routes map
 * a reason to a status with `statusOfRejection` and to their own error shape. Always thrown BEFORE the
 * command changed anything.
 */
export type RejectionReason =
  /** Malformed or inconsistent input (a field has the wrong form, a combination is not allowed). */
  | 'invalid'
  /** A number outside what the exchange accepts (engine range, pair maximum, sane price bounds). */
  | 'range'
  /** Not enough available balance (or margin) for the command. */
  | 'insufficient_funds'
  /** The order, pair, account or loan does not exist (for this caller). */
  | 'not_found'
  /** The order exists but is no longer active. */
  | 'not_active'
  /** Credentials, signature, token or nonce refused. */
  | 'unauthorized'
  | 'rate_limited'
  | 'not_implemented';

export type RejectionStatus = 400 | 401 | 404 | 429 | 501;

export class Rejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
    /** The request field at fault, when one is. */
    readonly field: string | undefined = undefined,
  ) {
    super(message);
  }

  /** The HTTP status of this refusal (the same mapping for every dialect). */
  get status(): RejectionStatus {
    return statusOfRejection(this.reason);
  }
}

/** The one reason -> HTTP status mapping. */
export function statusOfRejection(reason: RejectionReason): RejectionStatus {
  switch (reason) {
    case 'not_found':
      return 404;
    case 'unauthorized':
      return 401;
    case 'rate_limited':
      return 429;
    case 'not_implemented':
      return 501;
    case 'invalid':
    case 'range':
    case 'insufficient_funds':
    case 'not_active':
      return 400;
  }
}

const REASON_OF_STATUS: Record<RejectionStatus, RejectionReason> = {
  400: 'invalid',
  401: 'unauthorized',
  404: 'not_found',
  429: 'rate_limited',
  501: 'not_implemented',
};

/** A refusal stated by its HTTP status (the HTTP layer's own refusals); a Rejection like any other. */
export class ExchangeError extends Rejection {
  constructor(status: RejectionStatus, message: string) {
    super(REASON_OF_STATUS[status], message);
  }
}

export const badRequest = (msg: string, field?: string): Rejection => new Rejection('invalid', msg, field);
export const notFound = (msg: string): Rejection => new Rejection('not_found', msg);
export const outOfRange = (msg: string, field?: string): Rejection => new Rejection('range', msg, field);
export const insufficientFunds = (msg: string): Rejection => new Rejection('insufficient_funds', msg);
export const notActive = (msg: string): Rejection => new Rejection('not_active', msg);
