/**
 * How each profile's PRIVATE (account) data reaches the app, for app.status: over the profile's authenticated
 * socket (live: it vouches for the account panels, since it pushes every change), polled over REST (the documented
 * dialect, or while the socket is down: the newest successful poll vouches), or not at all (the polls fail). The
 * account feed writes it, the market feed's app.status reads it; the public feed's state says nothing about this.
 */
import type { PrivateFeedStatus } from '../../preload/contract';
import type { StreamConnection } from '../api/ws/connection';

interface Entry {
  conn: StreamConnection | null;
  unState: (() => void) | null;
  /** Newest successful private read (epoch ms). */
  polledAt: number | null;
  /** The newest private read failed (cleared by the next success). */
  failing: boolean;
}

export class PrivateStatusBoard {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Map<string, Set<() => void>>();

  private entry(profileId: string): Entry {
    let e = this.entries.get(profileId);
    if (!e) {
      e = { conn: null, unState: null, polledAt: null, failing: false };
      this.entries.set(profileId, e);
    }
    return e;
  }

  /** The profile's authenticated socket (null: its dialect does not stream, so it polls). */
  follow(profileId: string, conn: StreamConnection | null): void {
    const e = this.entry(profileId);
    if (e.conn === conn) return;
    e.unState?.();
    e.conn = conn;
    e.unState = conn ? conn.onState(() => this.changed(profileId)) : null;
    this.changed(profileId);
  }

  /** A private read succeeded now (with or without a change: either way the account data shown is current). */
  markData(profileId: string, at: number): void {
    const e = this.entry(profileId);
    if (e.polledAt === null || at > e.polledAt) e.polledAt = at;
    if (e.failing) {
      e.failing = false;
      this.changed(profileId);
    }
  }

  /** A private read failed (its poller backs off and retries). */
  markFailure(profileId: string): void {
    const e = this.entry(profileId);
    if (e.failing) return;
    e.failing = true;
    this.changed(profileId);
  }

  status(profileId: string): PrivateFeedStatus {
    const e = this.entries.get(profileId);
    if (!e) return { feed: 'polling', dataAt: null };
    const frameAt = e.conn?.stats().lastFrameAt ?? null;
    const dataAt = frameAt !== null && (e.polledAt === null || frameAt > e.polledAt) ? frameAt : e.polledAt;
    if (e.conn?.state() === 'live') return { feed: 'streaming', dataAt };
    return { feed: e.failing ? 'offline' : 'polling', dataAt };
  }

  /** Called when the profile's private feed changes mode (socket state, polls starting or ceasing to fail). */
  onChange(profileId: string, listener: () => void): () => void {
    let set = this.listeners.get(profileId);
    if (!set) {
      set = new Set();
      this.listeners.set(profileId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  dispose(): void {
    for (const e of this.entries.values()) e.unState?.();
    this.entries.clear();
    this.listeners.clear();
  }

  private changed(profileId: string): void {
    for (const l of [...(this.listeners.get(profileId) ?? [])]) l();
  }
}
