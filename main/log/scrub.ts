/**
 * What a log line may not carry: secrets, API keys, signatures and tokens. Known values (the secrets and keys the
 * app holds, the browser-mode token) are cut out with the keychain's own `redact`; values the logger cannot know
 * (a v3 JWT, an HMAC signature, a `secret=...` echoed by a server) are caught by their shape.
 */
import { redact } from '../keys/errors';

const REDACTED = '[redacted]';

/** Named credentials in headers, JSON, form bodies and URLs: `X-SIGN: …`, `"api_secret":"…"`, `token=…`. */
const NAMED =
  /\b((?:x-sign|x-key|x-nonce-sign|authorization|api[_-]?secret|api[_-]?key|apisecret|apikey|secret|token|signature|sign|password|passphrase)["']?\s*[:=]\s*["']?)(?:bearer\s+)?(?!\[redacted\])[^\s"'&,;)}\]]+/gi;
/** A JSON Web Token (the v3 bearer token): three base64url parts, the first starting `eyJ`. */
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
/** A bare bearer token. */
const BEARER = /\bbearer\s+[\w.~+/-]+=*/gi;
/** A hex HMAC-SHA256 (v1 and v3 `X-SIGN`) or any longer hex run: never worth keeping in a log. */
const LONG_HEX = /\b[0-9a-f]{40,}\b/gi;

export function scrubText(text: string, known: readonly string[] = []): string {
  return redact(
    text,
    known.filter((k) => k.length >= 4),
  )
    .replace(JWT, REDACTED)
    .replace(BEARER, `Bearer ${REDACTED}`)
    .replace(NAMED, `$1${REDACTED}`)
    .replace(LONG_HEX, REDACTED);
}
