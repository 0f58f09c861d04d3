/**
 * One WebSocket to an exchange, kept open while anyone needs it: welcome, keepalive (`1` -> `2`), topics
 * subscribed on demand with reference counts (the first listener of a topic subscribes, the last one
 * unsubscribes), reconnect with exponential backoff and jitter after any drop, and every topic subscribed again
 * after a reconnect. An optional `authenticate` step runs after each welcome (the private socket's
 * `["auth", jwt]`) and again every `reauthMs`. A silent socket (no frame, not even a ping) is treated as dropped.
 * Sockets and timers are injected, so tests drive every transition.
 */
import type { SetTimer } from '../../market/timers';
import { type StreamMessage, parseFrame, topicsOf } from './messages';
import type { OpenSocket, StreamSocket } from './socket';

export type LinkState = 'idle' | 'connecting' | 'live' | 'down';

export interface StreamConnectionOptions {
  url: string;
  openSocket: OpenSocket;
  setTimer: SetTimer;
  random?: () => number;
  now?: () => number;
  /** Reconnect delays: base x 2^(n-1), capped, times a jitter of 0.5..1.5. */
  backoff?: { baseMs: number; capMs: number };
  /** No frame for this long (the exchange pings about every 20 s) -> reconnect. */
  silenceMs?: number;
  /** Sent after each welcome, before topics are subscribed again; returns the frame to send (e.g. ["auth", jwt]). */
  authenticate?: () => Promise<unknown[]>;
  /** Re-authenticate this often while live (before the token expires). */
  reauthMs?: number;
  /**
   * Keep a live socket this long after its last listener left (a page reload or a pair switch subscribes again
   * at once: no new handshake, no new auth). 0 closes at once.
   */
  lingerMs?: number;
}

export const DEFAULT_STREAM_BACKOFF = { baseMs: 500, capMs: 30_000 };
export const DEFAULT_SILENCE_MS = 45_000;

type Listener = (m: StreamMessage) => void;

export class StreamConnection {
  private socket: StreamSocket | null = null;
  private linkState: LinkState = 'idle';
  private readonly topics = new Map<string, Set<Listener>>();
  private readonly kindListeners = new Map<StreamMessage['kind'], Set<Listener>>();
  private readonly stateListeners = new Set<(s: LinkState) => void>();
  private holds = 0;
  private failures = 0;
  private generation = 0;
  private cancelReconnect: (() => void) | null = null;
  private cancelSilence: (() => void) | null = null;
  private cancelReauth: (() => void) | null = null;
  private cancelLinger: (() => void) | null = null;
  private lastFrameAt: number | null = null;
  private drops = 0;
  private malformed = 0;
  private lastError: string | null = null;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly silenceMs: number;

  constructor(private readonly o: StreamConnectionOptions) {
    this.random = o.random ?? Math.random;
    this.now = o.now ?? Date.now;
    this.backoff = o.backoff ?? DEFAULT_STREAM_BACKOFF;
    this.silenceMs = o.silenceMs ?? DEFAULT_SILENCE_MS;
  }

  get url(): string {
    return this.o.url;
  }

  state(): LinkState {
    return this.linkState;
  }

  /** Times the socket dropped after being live; frames that did not parse. */
  stats(): { drops: number; malformed: number; lastFrameAt: number | null; lastError: string | null } {
    return { drops: this.drops, malformed: this.malformed, lastFrameAt: this.lastFrameAt, lastError: this.lastError };
  }

  onState(listener: (s: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  /** Listens to a topic; the first listener subscribes it (opening the socket if needed). */
  subscribe(topic: string, listener: Listener): () => void {
    let set = this.topics.get(topic);
    const fresh = !set;
    if (!set) {
      set = new Set();
      this.topics.set(topic, set);
    }
    set.add(listener);
    if (fresh && this.linkState === 'live') this.send(['subscribe', topic]);
    this.ensureOpen();
    return () => {
      const s = this.topics.get(topic);
      if (!s?.delete(listener)) return;
      if (s.size > 0) return;
      this.topics.delete(topic);
      if (this.linkState === 'live') this.send(['unsubscribe', topic]);
      this.closeIfUnused();
    };
  }

  /** Listens to every message of a kind (the private socket's `order` and `wallet`). */
  onKind(kind: StreamMessage['kind'], listener: Listener): () => void {
    let set = this.kindListeners.get(kind);
    if (!set) {
      set = new Set();
      this.kindListeners.set(kind, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Keeps the socket open without a topic (the private socket); returns the release. */
  hold(): () => void {
    this.holds++;
    this.ensureOpen();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.closeIfUnused();
    };
  }

  /** Drops the socket now as if the network had (tests, and a forced resync); it reconnects by itself. */
  drop(reason = 'dropped by the app'): void {
    if (!this.socket) return;
    this.onClosed(this.generation, reason);
  }

  close(): void {
    this.topics.clear();
    this.holds = 0;
    this.closeIfUnused(true);
  }

  private inUse(): boolean {
    return this.topics.size > 0 || this.holds > 0;
  }

  private setState(s: LinkState): void {
    if (s === this.linkState) return;
    this.linkState = s;
    for (const l of [...this.stateListeners]) {
      try {
        l(s);
      } catch {
        // a listener's failure is not the connection's
      }
    }
  }

  private ensureOpen(): void {
    this.cancelLinger?.();
    this.cancelLinger = null;
    if (this.socket || this.cancelReconnect || !this.inUse()) return;
    this.connect();
  }

  private closeIfUnused(now = false): void {
    if (this.inUse()) return;
    const linger = this.o.lingerMs ?? 0;
    if (!now && linger > 0 && this.linkState === 'live') {
      if (!this.cancelLinger)
        this.cancelLinger = this.o.setTimer(() => {
          this.cancelLinger = null;
          this.closeIfUnused(true);
        }, linger);
      return;
    }
    this.cancelLinger?.();
    this.cancelLinger = null;
    this.generation++;
    this.cancelReconnect?.();
    this.cancelReconnect = null;
    this.stopTimers();
    const s = this.socket;
    this.socket = null;
    s?.close();
    this.failures = 0;
    this.setState('idle');
  }

  private stopTimers(): void {
    this.cancelSilence?.();
    this.cancelSilence = null;
    this.cancelReauth?.();
    this.cancelReauth = null;
  }

  private connect(): void {
    const gen = ++this.generation;
    this.setState(this.failures > 0 ? 'down' : 'connecting');
    this.socket = this.o.openSocket(this.o.url, {
      open: () => {
        if (gen === this.generation) this.armSilence(gen);
      },
      message: (text) => this.onFrame(gen, text),
      close: (_code, reason) => this.onClosed(gen, reason || 'closed'),
      error: (message) => {
        if (gen === this.generation) this.lastError = message;
      },
    });
  }

  private armSilence(gen: number): void {
    this.cancelSilence?.();
    this.cancelSilence = this.o.setTimer(() => {
      if (gen === this.generation) this.onClosed(gen, `no frame for ${Math.round(this.silenceMs / 1000)} s`);
    }, this.silenceMs);
  }

  private onFrame(gen: number, text: string): void {
    if (gen !== this.generation) return;
    this.lastFrameAt = this.now();
    this.armSilence(gen);
    const m = parseFrame(text);
    if (m === 'ping') {
      this.socket?.send('2');
      return;
    }
    if (m === null) {
      this.malformed++;
      return;
    }
    if (m.kind === 'welcome') {
      void this.onWelcome(gen);
      return;
    }
    if (m.kind === 'error') {
      this.lastError = m.message;
      // A refused token (expired, or the exchange restarted): reconnect and authenticate afresh.
      if (this.o.authenticate && /token/i.test(m.message)) {
        this.onClosed(gen, m.message);
        return;
      }
    }
    for (const topic of topicsOf(m)) for (const l of [...(this.topics.get(topic) ?? [])]) deliver(l, m);
    for (const l of [...(this.kindListeners.get(m.kind) ?? [])]) deliver(l, m);
  }

  private async onWelcome(gen: number): Promise<void> {
    if (this.o.authenticate) {
      try {
        const frame = await this.o.authenticate();
        if (gen !== this.generation) return;
        this.send(frame);
      } catch (e) {
        if (gen !== this.generation) return;
        this.lastError = e instanceof Error ? e.message : String(e);
        this.onClosed(gen, `authentication failed: ${this.lastError}`);
        return;
      }
      this.armReauth(gen);
    }
    this.failures = 0;
    const topics = [...this.topics.keys()];
    if (topics.length > 0) this.send(['subscribe', ...topics]);
    this.setState('live');
  }

  private armReauth(gen: number): void {
    const every = this.o.reauthMs;
    const auth = this.o.authenticate;
    if (!every || !auth) return;
    this.cancelReauth?.();
    this.cancelReauth = this.o.setTimer(() => {
      if (gen !== this.generation) return;
      auth().then(
        (frame) => {
          if (gen !== this.generation) return;
          this.send(frame);
          this.armReauth(gen);
        },
        (e: unknown) => {
          if (gen !== this.generation) return;
          this.lastError = e instanceof Error ? e.message : String(e);
          this.onClosed(gen, 'authentication could not be renewed');
        },
      );
    }, every);
  }

  private onClosed(gen: number, reason: string): void {
    if (gen !== this.generation) return;
    this.generation++;
    this.stopTimers();
    const s = this.socket;
    this.socket = null;
    s?.close();
    if (this.linkState === 'live') this.drops++;
    this.lastError = reason;
    if (!this.inUse()) {
      this.setState('idle');
      return;
    }
    this.failures++;
    this.setState('down');
    const exp = Math.min(this.backoff.capMs, this.backoff.baseMs * 2 ** Math.min(30, this.failures - 1));
    const delay = Math.round(exp * (0.5 + this.random()));
    this.cancelReconnect = this.o.setTimer(() => {
      this.cancelReconnect = null;
      if (this.inUse()) this.connect();
    }, delay);
  }

  private send(frame: unknown[]): void {
    this.socket?.send(JSON.stringify(frame));
  }
}

function deliver(l: Listener, m: StreamMessage): void {
  try {
    l(m);
  } catch {
    // one subscriber's failure must not stop the others
  }
}
