/**
 * Keychain failures, in plain words a trader can act on. A message here never contains a secret: callers pass
 * the secrets they hold to `redact` before any underlying text is attached.
 */

/** What to do, per platform, when the OS keychain cannot be used. */
export function keychainAdvice(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'The macOS Keychain is not reachable or access was denied: unlock your login keychain and allow ALP Terminal to use it, then try again. Paper trading still works.';
    case 'win32':
      return 'Windows Credential Manager is not reachable: sign in to Windows with your normal account (not a temporary profile), then try again. Paper trading still works.';
    default:
      return 'The system keychain (Secret Service) is not reachable: start or unlock GNOME Keyring / KWallet, then try again. Paper trading still works.';
  }
}

export class KeychainUnavailableError extends Error {
  /** Matches the bridge's error code, so the UI shows it as a keychain problem. */
  readonly code = 'keychain' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'keychain' as const;
  /** The underlying library's text (redacted), for support; already appended to `message`. */
  readonly detail: string | null;

  constructor(advice: string, detail: string | null = null) {
    super(detail ? `${advice} (Details: ${detail})` : advice);
    this.name = 'KeychainUnavailableError';
    this.detail = detail;
  }
}

/** A profile whose keychain entry is gone (deleted outside the app, or a keychain reset). */
export class KeychainEntryMissingError extends Error {
  readonly code = 'keychain' as const;
  /** Same value under the name the bridge's error mapping reads. */
  readonly kind = 'keychain' as const;
  constructor(label: string) {
    super(
      `No secret is stored in the system keychain for "${label}": rotate the secret in the account settings to enter it again.`,
    );
    this.name = 'KeychainEntryMissingError';
  }
}

/** Removes every occurrence of each secret from a piece of text (belt and braces: libraries should not echo them). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('[redacted]');
  return out;
}

/** Short, single-line text of an unknown thrown value. */
export function describeCause(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : 'unknown error';
  return raw.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}
