/** How a stored profile is shown over the bridge: the key masked, never the secret. */
import type { ProfileView } from '../../preload/contract';
import type { StoredProfile } from './profile-store';

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
  };
}
