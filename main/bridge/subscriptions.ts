import { contract, type Envelope, type EventName } from '../../preload/contract';
import { BridgeError, toBridgeError } from './errors';
import { type BridgeGuards, checkProfile, logIfInternal } from './guards';
import type { StreamSources } from './streams';
import { parseOrThrow } from './validate';

/** Where a subscriber's events go (one per renderer page or WebSocket). */
export type EventSink = (subId: number, payload: unknown) => void;

interface SharedStream {
  stop: () => void;
  subscribers: Map<string, { sink: EventSink; subId: number }>;
  hasLast: boolean;
  last: unknown;
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
 * (and get the latest payload at once), and the source stops when the last subscriber leaves.
 */
export class SubscriptionHub {
  private readonly streams = new Map<string, SharedStream>();
  /** client -> subId -> stream key */
  private readonly clients = new Map<object, Map<number, string>>();
  private clientSeq = 0;
  private readonly clientIds = new WeakMap<object, number>();

  constructor(
    private readonly sources: StreamSources,
    private readonly guards: BridgeGuards = {},
  ) {}

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
        const created: SharedStream = { stop: () => {}, subscribers: new Map(), hasLast: false, last: undefined };
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
    if (shared.subscribers.size === 0) {
      this.streams.delete(key);
      shared.stop();
    }
  }

  /** A page or socket went away: drop all its subscriptions. */
  dropClient(client: object): void {
    const subs = this.clients.get(client);
    if (!subs) return;
    for (const subId of [...subs.keys()]) this.unsubscribe(client, subId);
  }

  /** Number of running stream sources (for tests and diagnostics). */
  activeStreams(): number {
    return this.streams.size;
  }

  stopAll(): void {
    for (const client of [...this.clients.keys()]) this.dropClient(client);
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
