/**
 * A guard around a profile's client: errors on their way to the bridge have the profile's API key and secret
 * removed. A server (or a proxy in front of it) may echo the request back in its error text, and the v3 auth
 * request carries the secret in its body; without this, that echo would reach the renderer.
 * The secret is not kept for this: it is read again only when a call has failed.
 */
import type { AlpClient } from '../api/types';
import { redact } from '../keys/errors';

/** Text fields of an error that may carry an echo of the request. */
const FIELDS = ['message', 'exchangeMessage', 'stack'] as const;

async function scrub(err: unknown, sensitive: () => Promise<string[]>): Promise<unknown> {
  if (!(err instanceof Error)) return err;
  const o = err as unknown as Record<string, unknown>;
  const texts = FIELDS.map((f) => o[f]).filter((v): v is string => typeof v === 'string');
  if (texts.length === 0) return err;
  const secrets = (await sensitive().catch(() => [])).filter((s) => s.length >= 4);
  if (!secrets.some((s) => texts.some((t) => t.includes(s)))) return err;
  // Scrubbed in place so the error keeps its class, kind and field for the bridge's mapping.
  for (const f of FIELDS) if (typeof o[f] === 'string') o[f] = redact(o[f] as string, secrets);
  return err;
}

export function redactingClient(inner: AlpClient, sensitive: () => Promise<string[]>): AlpClient {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      let w = wrapped.get(prop);
      if (!w) {
        w = (...args: unknown[]): unknown => {
          const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          return out instanceof Promise
            ? out.catch(async (e: unknown) => Promise.reject(await scrub(e, sensitive)))
            : out;
        };
        wrapped.set(prop, w);
      }
      return w;
    },
  });
}
