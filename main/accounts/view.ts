/** How a stored profile is shown over the bridge: the key masked, never the secret. */
import type { ProfileView } from '../../preload/contract';
import type { ApiDialect } from '../../preload/domain';
import type { StoredProfile } from './profile-store';

/** Today's ALP.COM (v3 only) unless the trader chose the documented API under Advanced. */
export const DEFAULT_DIALECT: ApiDialect = 'current';

export function dialectOf(p: StoredProfile): ApiDialect {
  return p.dialect ?? DEFAULT_DIALECT;
}

/** "ab12…9f3c": enough to tell keys apart, never the whole key. */
export function maskApiKey(key: string): string {
  const k = key.trim();
  if (k.length >= 16) return `${k.slice(0, 4)}…${k.slice(-4)}`;
  if (k.length >= 8) return `${k.slice(0, 2)}…${k.slice(-2)}`;
  return '…';
}

export function toView(p: StoredProfile, ctx: { baseUrl: string; apiKey: string; hasSecret: boolean }): ProfileView {
  return {
    id: p.id,
    label: p.label,
    venue: p.venue,
    baseUrl: ctx.baseUrl,
    apiKeyHint: maskApiKey(ctx.apiKey),
    color: p.color,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt,
    builtIn: p.builtIn,
    hasSecret: ctx.hasSecret,
    dialect: dialectOf(p),
  };
}
