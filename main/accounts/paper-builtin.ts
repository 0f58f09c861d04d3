/**
 * The built-in Paper profile: present from the first start, funded on the embedded paper exchange. Its key and
 * secret are made fresh each run and held in memory only, so paper trading needs no keychain.
 */
import { randomBytes } from 'node:crypto';

export const BUILTIN_PAPER_ID = 'paper-builtin';
export const BUILTIN_PAPER_LABEL = 'Paper';
export const BUILTIN_PAPER_COLOR = '#f59e0b';
/** Starting funds of every paper account the manager creates. */
export const PAPER_FUNDING: Readonly<Record<string, string>> = { USD: '100000', USDT: '100000', BTC: '2', ETH: '20' };

export interface PaperIdentity {
  readonly apiKey: string;
  secret(): string;
}

export function newPaperIdentity(): PaperIdentity {
  const apiKey = `paper-${randomBytes(16).toString('hex')}`;
  const secret = randomBytes(32).toString('hex');
  // A closure rather than a field, so the secret does not show up when the object is logged or serialised.
  return { apiKey, secret: () => secret };
}
