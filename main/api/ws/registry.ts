/**
 * The app's WebSockets: ONE public connection per venue stream URL, shared by every profile on that venue, and
 * ONE authenticated connection per profile (its own orders and wallets). Each connection opens while someone
 * listens (ref-counted by StreamConnection) and closes after the last one leaves.
 */
import type { SetTimer } from '../../market/timers';
import type { AlpClient } from '../types';
import { StreamConnection } from './connection';
import type { OpenSocket } from './socket';

/** Re-send `["auth", jwt]` this often: well inside the token's life (15 min on the paper exchange). */
export const REAUTH_MS = 10 * 60 * 1000;

export interface StreamRegistryOptions {
  openSocket: OpenSocket;
  setTimer: SetTimer;
  random?: () => number;
  now?: () => number;
  backoff?: { baseMs: number; capMs: number };
  silenceMs?: number;
  reauthMs?: number;
  /** See StreamConnectionOptions.lingerMs (the app keeps sockets 5 s after their last listener). */
  lingerMs?: number;
}

export class StreamRegistry {
  private readonly publics = new Map<string, StreamConnection>();
  private readonly privates = new Map<string, { client: AlpClient; conn: StreamConnection }>();

  constructor(private readonly o: StreamRegistryOptions) {}

  private base(url: string) {
    return {
      url,
      openSocket: this.o.openSocket,
      setTimer: this.o.setTimer,
      ...(this.o.random ? { random: this.o.random } : {}),
      ...(this.o.now ? { now: this.o.now } : {}),
      ...(this.o.backoff ? { backoff: this.o.backoff } : {}),
      ...(this.o.silenceMs !== undefined ? { silenceMs: this.o.silenceMs } : {}),
      ...(this.o.lingerMs !== undefined ? { lingerMs: this.o.lingerMs } : {}),
    };
  }

  /** The shared public connection of the client's venue, or null when the client's dialect does not stream. */
  publicFor(client: AlpClient): StreamConnection | null {
    const url = client.streamUrl;
    if (url === null) return null;
    let c = this.publics.get(url);
    if (!c) {
      c = new StreamConnection(this.base(url));
      this.publics.set(url, c);
    }
    return c;
  }

  /** The profile's own authenticated connection (rebuilt when the profile's client changed). */
  privateFor(profileId: string, client: AlpClient): StreamConnection | null {
    const url = client.streamUrl;
    if (url === null) return null;
    const known = this.privates.get(profileId);
    if (known && known.client === client) return known.conn;
    known?.conn.close();
    const conn = new StreamConnection({
      ...this.base(url),
      authenticate: async () => ['auth', await client.streamToken()],
      reauthMs: this.o.reauthMs ?? REAUTH_MS,
    });
    this.privates.set(profileId, { client, conn });
    return conn;
  }

  /** Every connection (for status and tests). */
  all(): StreamConnection[] {
    return [...this.publics.values(), ...[...this.privates.values()].map((p) => p.conn)];
  }

  dispose(): void {
    for (const c of this.all()) c.close();
    this.publics.clear();
    this.privates.clear();
  }
}
