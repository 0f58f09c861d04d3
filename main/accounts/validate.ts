/** Field checks for profile input. The bridge validates requests too; the manager checks again because it is also called directly. */
import { ProfileValidationError } from './errors';

const COLOR = /^#[0-9a-fA-F]{6}$/;

export function checkLabel(label: string): string {
  const t = label.trim();
  if (t.length === 0) throw new ProfileValidationError('label', 'is required');
  if (t.length > 40) throw new ProfileValidationError('label', 'must be at most 40 characters');
  return t;
}

export function checkColor(color: string): string {
  if (!COLOR.test(color)) throw new ProfileValidationError('color', 'must be a color like #3b82f6');
  return color.toLowerCase();
}

export function checkBaseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ProfileValidationError('baseUrl', 'must be a URL like https://alp.com');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ProfileValidationError('baseUrl', 'must start with http:// or https://');
  return url.replace(/\/+$/, '');
}

export function checkApiKey(key: string): string {
  const t = key.trim();
  if (t.length === 0) throw new ProfileValidationError('apiKey', 'is required');
  if (t.length > 256) throw new ProfileValidationError('apiKey', 'is too long');
  return t;
}

/** The secret is checked for presence and size only; it is never echoed in a message. */
export function checkSecret(secret: string): string {
  if (secret.length === 0) throw new ProfileValidationError('apiSecret', 'is required');
  if (secret.length > 512) throw new ProfileValidationError('apiSecret', 'is too long');
  return secret;
}
