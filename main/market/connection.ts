/**
 * The connection picture of one profile, for app.status: what the profile's client saw on its last requests
 * (client.onTrace), which pollers are backing off and until when, and the private rate budget.
 */
import type { AppStatus } from '../../preload/contract';
import type { RequestTrace } from '../../preload/domain';
import { isApiError } from '../api/errors';
import type { AlpClient } from '../api/types';
import type { StreamConnection } from '../api/ws/connection';

/** Failures that mean the exchange could not be reached at all (as opposed to a refused request). */
const TRANSPORT_FAILURES = new Set(['network', 'timeout']);
/** For this long after the exchange became reachable again (or answered "rate limited") the connection stays
 * "degraded", so a flapping link does not look healthy. */
export const RECENT_FAILURE_MS = 10_000;
/** Polled market data older than this is stale (the status bar and panels say so). */
export const STALE_DATA_MS = 5_000;
/** Answers slower than this make the connection "degraded". */
export const SLOW_MS = 2_000;

interface Backoff {
  transport: boolean;
  kind: string;
  message: string;
  retryAt: number;
}

export function isTransportFailure(error: unknown): boolean {
  // Anything that is not the client's typed error (a socket error escaping, a missing profile client) counts
  // as not reaching the exchange.
  return isApiError(error) ? TRANSPORT_FAILURES.has(error.kind) : true;
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export class ConnectionMonitor {
  private client: AlpClient | null = null;
  private detach: (() => void) | null = null;
  private latencyMs: number | null = null;
  /** When requests started succeeding again after a transport failure. */
  private recoveredAt = 0;
  private failuresInRow = 0;
  private rateLimitedAt = 0;
  private readonly backoffs = new Map<number, Backoff>();
  private readonly listeners = new Set<() => void>();
  private dataAt: number | null = null;
  private stream: StreamConnection | null = null;
  private unStream: (() => void) | null = null;
  /** Counted by the book streams of this profile. */
  readonly counters = { bookMismatches: 0, bookResyncs: 0 };

  constructor(
    readonly profileId: string,
    private readonly clientFor: (profileId: string) => AlpClient,
    private readonly now: () => number,
  ) {}

  /** Follows the profile's current client (a profile edit may replace it); safe to call often. */
  attach(): void {
    let client: AlpClient;
    try {
      client = this.clientFor(this.profileId);
    } catch {
      return;
    }
    if (client === this.client) return;
    this.detach?.();
    this.client = client;
    this.detach = client.onTrace((t) => this.observe(t));
  }

  observe(t: RequestTrace): void {
    if (t.outcome === 'pending') return;
    // The monitor's own clock, not the trace's: the two may differ (tests drive this one by hand).
    const at = this.now();
    if (t.outcome === 'ok') {
      this.latencyMs = t.latencyMs;
      if (this.failuresInRow > 0) this.recoveredAt = at;
      this.failuresInRow = 0;
    } else if (t.errorCode && TRANSPORT_FAILURES.has(t.errorCode)) {
      this.failuresInRow++;
    } else if (t.errorCode === 'rate_limit') {
      this.rateLimitedAt = Math.max(this.rateLimitedAt, at);
    }
    this.changed();
  }

  /** A poller failed and will retry at `retryAt`; `null` clears it (the poller succeeded or stopped). */
  reportBackoff(pollerId: number, failure: { error: unknown; retryInMs: number } | null): void {
    if (failure === null) {
      const was = this.backoffs.get(pollerId);
      if (!was) return;
      this.backoffs.delete(pollerId);
      if (was.transport) this.recoveredAt = this.now();
    } else {
      const e = failure.error;
      this.backoffs.set(pollerId, {
        transport: isTransportFailure(e),
        kind: isApiError(e) ? e.kind : 'network',
        message: e instanceof Error ? e.message : String(e),
        retryAt: this.now() + failure.retryInMs,
      });
    }
    this.changed();
  }

  /** Market data was delivered now (the status bar shows its age). */
  markData(at: number): void {
    this.dataAt = at;
  }

  /** The venue's shared socket this profile streams on (null: it polls); its state changes the status. */
  followStream(conn: StreamConnection | null): void {
    if (conn === this.stream) return;
    this.unStream?.();
    this.stream = conn;
    this.unStream = conn ? conn.onState(() => this.changed()) : null;
    this.changed();
  }

  /** A poller stopped: it no longer backs off, and that says nothing about the exchange. */
  forget(pollerId: number): void {
    if (this.backoffs.delete(pollerId)) this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  status(): AppStatus {
    const now = this.now();
    const all = [...this.backoffs.values()];
    const soonest = (list: Backoff[]) => Math.min(...list.map((b) => b.retryAt)) - now;
    const transport = all.filter((b) => b.transport);
    const refused = all.filter((b) => !b.transport);
    let budget: AppStatus['budget'] = null;
    try {
      budget = this.client?.privateBudget() ?? null;
    } catch {
      budget = null;
    }
    const live = this.stream?.state() === 'live';
    const frameAt = this.stream?.stats().lastFrameAt ?? null;
    const dataAt = frameAt !== null && (this.dataAt === null || frameAt > this.dataAt) ? frameAt : this.dataAt;
    const base = {
      profileId: this.profileId,
      latencyMs: this.latencyMs,
      budget,
      feed: live ? ('streaming' as const) : ('polling' as const),
      dataAt,
      // A live socket that is quiet means nothing changed; polled data is stale once it is a few seconds old.
      stale: !live && dataAt !== null && now - dataAt > STALE_DATA_MS,
      bookMismatches: this.counters.bookMismatches,
    };

    if (transport.length > 0 && !live)
      return {
        ...base,
        feed: 'offline',
        connection: 'offline',
        message: `Exchange unreachable — retrying in ${seconds(soonest(transport))} s`,
      };
    if (this.failuresInRow >= 2 && !live)
      return {
        ...base,
        feed: 'offline',
        connection: 'offline',
        message: 'Exchange unreachable — retrying; check your network connection',
      };
    if (refused.length > 0) {
      const wait = seconds(soonest(refused));
      const limited = refused.some((b) => b.kind === 'rate_limit');
      const message = limited
        ? `The exchange is limiting requests — market data slowed down, retrying in ${wait} s`
        : `Market data refused: ${refused[0]?.message ?? 'unknown error'} — retrying in ${wait} s`;
      return { ...base, connection: 'degraded', message };
    }
    if (this.failuresInRow === 1)
      return { ...base, connection: 'degraded', message: 'A request to the exchange failed — retrying' };
    if (this.recoveredAt > 0 && now - this.recoveredAt < RECENT_FAILURE_MS)
      return { ...base, connection: 'degraded', message: 'Connection restored moments ago — watching for drops' };
    if (this.rateLimitedAt > 0 && now - this.rateLimitedAt < RECENT_FAILURE_MS)
      return {
        ...base,
        connection: 'degraded',
        message: 'The exchange limited requests moments ago — pacing is slower',
      };
    if (this.latencyMs !== null && this.latencyMs > SLOW_MS)
      return {
        ...base,
        connection: 'degraded',
        message: `The exchange answers slowly (${(this.latencyMs / 1000).toFixed(1)} s)`,
      };
    return { ...base, connection: 'online', message: null };
  }

  dispose(): void {
    this.unStream?.();
    this.unStream = null;
    this.stream = null;
    this.detach?.();
    this.detach = null;
    this.client = null;
    this.listeners.clear();
    this.backoffs.clear();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
