/** Profile errors; `code` matches the bridge's error codes so the lead's handlers can forward them as they are. */

export class ProfileNotFoundError extends Error {
  readonly code = 'not_found' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'not_found' as const;
  constructor(id: string) {
    super(`There is no account profile with id "${id}": it may have been removed. Pick another account.`);
    this.name = 'ProfileNotFoundError';
  }
}

/** Something the profile cannot do (e.g. removing the built-in Paper profile). */
export class ProfileForbiddenError extends Error {
  readonly code = 'forbidden' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'forbidden' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ProfileForbiddenError';
  }
}

export class ProfileValidationError extends Error {
  readonly code = 'validation' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'validation' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
    this.name = 'ProfileValidationError';
  }
}

/** The embedded paper exchange is not running in this session. */
export class PaperUnavailableError extends Error {
  readonly code = 'network' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'network' as const;
  constructor() {
    super('The built-in paper exchange is not running: restart ALP Terminal to trade on Paper.');
    this.name = 'PaperUnavailableError';
  }
}

/** A request issued before the profile's key was rotated: it is not sent with the new secret. */
export class ProfileChangedError extends Error {
  readonly code = 'auth' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'auth' as const;
  constructor(label: string) {
    super(`The key of "${label}" was changed while this request was waiting, so it was not sent: try again.`);
    this.name = 'ProfileChangedError';
  }
}
