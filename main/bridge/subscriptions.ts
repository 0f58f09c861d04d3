import { contract, type Envelope, type EventName } from '../../preload/contract';
import { realSetTimer, type SetTimer } from '../market/timers';
import { BridgeError, toBridgeError } from './errors';
import { type BridgeGuards, checkProfile, logIfInternal } from './guards';
import type { StreamSources } from './streams';
import { parseOrThrow } from './validate';

/** Where a subscriber's events go (one per renderer page or WebSocket). */
export type EventSink = (subId: number, payload: unknown) => void;

/** How long a source keeps running after its last subscriber leaves, so the next page finds it warm. */
export const DEFAULT_STREAM_LINGER_MS = 15_000;

export interface SubscriptionHubOptions {
  /** Milliseconds a source outlives its last subscriber (0 = stop at once). Default DEFAULT_STREAM_LINGER_MS. */
  lingerMs?: number;
  setTimer?: SetTimer;
}

interface SharedStream {
  stop: () => void;
  subscribers: Map<string, { sink: EventSink; subId: number }>;
  hasLast: boolean;
  last: unknown;
  /** The profile the params name, if any, and that profile's generation when the source started. */
  profileId: string | null;
  generation: number;
  /** Set while the source has no subscribers and waits out its linger. */
  cancelLinger: (() => void) | null;
}

function profileOf(params: unknown): string | null {
  if (!params || typeof params !== 'object' || !Object.hasOwn(params, 'profileId')) return null;
  const id: unknown = (params as { profileId: unknown }).profileId;
  return typeof id === 'string' ? id : null;
}

function isEvent(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}

/** Key order independent JSON, so {a,b} and {b,a} share one stream. */
function stableKey(stream: string, params: unknown): string {
  const sorted = JSON.stringify(params, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
  return `${stream}\u0000${sorted}`;
}

/**
 * Reference-counted event streams: the first subscriber to a stream key starts its source, later ones share it
 * (and get the latest payload at once), and the source stops a linger time after the last subscriber leaves, so
 * the page the trader navigates to next reuses it instead of restarting every socket subscription and REST read
 * (private reads queue behind a 2/s limiter). A source of a removed or re-keyed profile never lingers.
 */
export class SubscriptionHub {
  private readonly streams = new Map<string, SharedStream>();
  /** client -> subId -> stream key */
  private readonly clients = new Map<object, Map<number, string>>();
  private clientSeq = 0;
  private readonly clientIds = new WeakMap<object, number>();
  /** Bumped by profileChanged: a source started before the bump holds old credentials or a removed profile. */
  private readonly profileGenerations = new Map<string, number>();
  private readonly lingerMs: number;
  private readonly setTimer: SetTimer;

  constructor(
    private readonly sources: StreamSources,
    private readonly guards: BridgeGuards = {},
    options: SubscriptionHubOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? DEFAULT_STREAM_LINGER_MS;
    this.setTimer = options.setTimer ?? realSetTimer;
  }

  subscribe(client: object, sink: EventSink, stream: string, rawParams: unknown, subId: number): Envelope<null> {
    try {
      if (!Number.isSafeInteger(subId) || subId < 0)
        throw new BridgeError('validation', 'subscribe: subId must be a non-negative integer', 'subId');
      if (!isEvent(stream)) throw new BridgeError('unknown_method', `Unknown event stream "${stream}".`);
      const params = parseOrThrow(contract.events[stream].params, rawParams, stream);
      checkProfile(this.guards, params, stream);
      const subs = this.clients.get(client) ?? new Map<number, string>();
      if (subs.has(subId)) throw new BridgeError('validation', `subscribe: subId ${subId} is already in use`, 'subId');
      this.clients.set(client, subs);
      const key = stableKey(stream, params);
      subs.set(subId, key);
      const member = `${this.clientId(client)}:${subId}`;
      let shared = this.streams.get(key);
      if (!shared) {
        const profileId = profileOf(params);
        const created: SharedStream = {
          stop: () => {},
          subscribers: new Map(),
          hasLast: false,
          last: undefined,
          profileId,
          generation: this.generationOf(profileId),
          cancelLinger: null,
        };
        created.subscribers.set(member, { sink, subId });
        this.streams.set(key, created);
        const start = this.sources[stream] as (p: unknown, emit: (payload: unknown) => void) => () => void;
        try {
          created.stop = start(params, (payload) => {
            created.last = payload;
            created.hasLast = true;
            for (const s of created.subscribers.values()) s.sink(s.subId, payload);
          });
        } catch (e) {
          // A source that cannot start leaves no half-registered subscription behind.
          this.streams.delete(key);
          subs.delete(subId);
          if (subs.size === 0) this.clients.delete(client);
          throw e;
        }
        shared = created;
      } else {
        shared.cancelLinger?.();
        shared.cancelLinger = null;
        shared.subscribers.set(member, { sink, subId });
        if (shared.hasLast) sink(subId, shared.last);
      }
      return { ok: true, value: null };
    } catch (e) {
      const error = toBridgeError(e);
      logIfInternal(this.guards, error, e, stream);
      return { ok: false, error };
    }
  }

  unsubscribe(client: object, subId: number): void {
    const subs = this.clients.get(client);
    const key = subs?.get(subId);
    if (!subs || key === undefined) return;
    subs.delete(subId);
    if (subs.size === 0) this.clients.delete(client);
    const shared = this.streams.get(key);
    if (!shared) return;
    shared.subscribers.delete(`${this.clientId(client)}:${subId}`);
    if (shared.subscribers.size > 0) return;
    if (this.lingerMs <= 0 || !this.mayLinger(shared)) {
      this.stopStream(key, shared);
      return;
    }
    shared.cancelLinger = this.setTimer(() => {
      shared.cancelLinger = null;
      this.stopStream(key, shared);
    }, this.lingerMs);
  }

  /**
   * A profile was removed or its key, secret, URL or dialect changed: its idle sources stop now, and its busy ones
   * stop at once when their last subscriber leaves (they were started for the old account).
   */
  profileChanged(profileId: string): void {
    this.profileGenerations.set(profileId, this.generationOf(profileId) + 1);
    for (const [key, shared] of [...this.streams]) {
      if (shared.profileId === profileId && shared.subscribers.size === 0) this.stopStream(key, shared);
    }
  }

  /** A page or socket went away: drop all its subscriptions. */
  dropClient(client: object): void {
    const subs = this.clients.get(client);
    if (!subs) return;
    for (const subId of [...subs.keys()]) this.unsubscribe(client, subId);
  }

  /** Number of running stream sources, lingering ones included (for tests and diagnostics). */
  activeStreams(): number {
    return this.streams.size;
  }

  /** Shutdown: every source stops now, lingering or not, and no timer is left behind. */
  stopAll(): void {
    this.clients.clear();
    for (const [key, shared] of [...this.streams]) this.stopStream(key, shared);
  }

  private stopStream(key: string, shared: SharedStream): void {
    shared.cancelLinger?.();
    shared.cancelLinger = null;
    // Stopped already (the key may name a newer stream by now): a source is stopped once, a newer one not at all.
    if (this.streams.get(key) !== shared) return;
    this.streams.delete(key);
    shared.subscribers.clear();
    shared.stop();
  }

  /** An idle source may keep running only for a profile that still exists with the credentials it started with. */
  private mayLinger(shared: SharedStream): boolean {
    if (shared.profileId === null) return true;
    if (shared.generation !== this.generationOf(shared.profileId)) return false;
    return this.guards.profileExists?.(shared.profileId) ?? true;
  }

  private generationOf(profileId: string | null): number {
    return profileId === null ? 0 : (this.profileGenerations.get(profileId) ?? 0);
  }

  private clientId(client: object): number {
    let id = this.clientIds.get(client);
    if (id === undefined) {
      id = ++this.clientSeq;
      this.clientIds.set(client, id);
    }
    return id;
  }
}
