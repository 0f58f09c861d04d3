/**
 * A small WebSocket server speaking today's ALP.COM protocol for streaming tests (real sockets on 127.0.0.1):
 * sends the welcome, pings on demand, acknowledges subscribe/unsubscribe, records every frame and lets the test
 * push messages or drop every socket. It stands in for the paper exchange's socket until that branch is merged.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface WsStubClient {
  socket: WebSocket;
  frames: string[];
  topics: Set<string>;
  authed: string | null;
}

export interface WsStub {
  url: string;
  clients: WsStubClient[];
  /** Sockets ever accepted. */
  accepted: number;
  /** Sends a message to every open client subscribed to `topic` (or every client when topic is null). */
  push(topic: string | null, message: unknown[]): void;
  /** Sends to clients authenticated with this token. */
  pushPrivate(token: string, message: unknown[]): void;
  ping(): void;
  dropAll(): void;
  /** Resolves when `check` holds (re-checked on every server event and every 5 ms). */
  until(check: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  open(): WsStubClient[];
  close(): Promise<void>;
}

export async function startWsStub(opts: { welcome?: boolean } = {}): Promise<WsStub> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const { port } = wss.address() as AddressInfo;
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  const stub: WsStub = {
    url: `ws://127.0.0.1:${port}/ws`,
    clients: [],
    accepted: 0,
    push(topic, message) {
      for (const c of stub.open()) if (topic === null || c.topics.has(topic)) c.socket.send(JSON.stringify(message));
    },
    pushPrivate(token, message) {
      for (const c of stub.open()) if (c.authed === token) c.socket.send(JSON.stringify(message));
    },
    ping() {
      for (const c of stub.open()) c.socket.send('1');
    },
    dropAll() {
      for (const c of stub.open()) c.socket.terminate();
    },
    until(check, what, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        // Re-checked on every server event, and every few ms for conditions on the client's side.
        const every = setInterval(() => test(), 5);
        const t = setTimeout(() => {
          clearInterval(every);
          waiters.delete(test);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        const test = () => {
          if (!check()) return;
          clearTimeout(t);
          clearInterval(every);
          waiters.delete(test);
          resolve();
        };
        waiters.add(test);
        test();
      });
    },
    open() {
      return stub.clients.filter((c) => c.socket.readyState === 1);
    },
    close() {
      for (const c of stub.clients) c.socket.terminate();
      return new Promise((r) => wss.close(() => r()));
    },
  };
  wss.on('connection', (socket) => {
    const c: WsStubClient = { socket, frames: [], topics: new Set(), authed: null };
    stub.clients.push(c);
    stub.accepted++;
    socket.on('error', () => undefined);
    socket.on('close', poke);
    socket.on('message', (data) => {
      const text = data.toString();
      c.frames.push(text);
      if (text !== '2') {
        const f = JSON.parse(text) as unknown[];
        const [op, ...rest] = f;
        const names = rest.filter((x): x is string => typeof x === 'string');
        if (op === 'subscribe') {
          for (const t of names) c.topics.add(t);
          socket.send(JSON.stringify(['subscribe', Date.now() / 1000, ...names]));
        } else if (op === 'unsubscribe') {
          for (const t of names) c.topics.delete(t);
          socket.send(JSON.stringify(['unsubscribe', Date.now() / 1000, ...names]));
        } else if (op === 'auth') {
          c.authed = names[0] ?? null;
          socket.send(JSON.stringify(['auth', Date.now() / 1000, 'ok']));
        }
      }
      poke();
    });
    if (opts.welcome !== false)
      socket.send(JSON.stringify(['welcome', Date.now() / 1000, 20e9, 30e9, `client-${stub.accepted}`]));
    poke();
  });
  return stub;
}
