/** Test helpers: real HTTP servers on 127.0.0.1 (port 0), an injectable clock, a client on the local stub. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { ApiError } from '../../main/api';
import type { AlpClient, AlpClientDeps } from '../../main/api';
import { traderClient } from '../support/paper-traders';

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: IncomingMessage, body: string, res: ServerResponse) => void | Promise<void>,
): Promise<LocalServer> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve(handler(req, Buffer.concat(chunks).toString('utf8'), res)).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: String(e) }));
      });
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(text);
}

/** A manual clock: sleep() resolves when advance() moves time past the deadline. */
export class FakeClock {
  t: number;
  private timers: { at: number; resolve: () => void }[] = [];
  constructor(start = 1_700_000_000_000) {
    this.t = start;
  }
  now = (): number => this.t;
  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), resolve });
    });
  /** Advances time in steps, resolving due timers and letting promise chains run between them. */
  async advance(ms: number, step = 1): Promise<void> {
    const end = this.t + ms;
    while (this.t < end) {
      this.t = Math.min(end, this.t + step);
      await this.flush();
    }
  }
  async flush(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const due = this.timers.filter((x) => x.at <= this.t);
      this.timers = this.timers.filter((x) => x.at > this.t);
      for (const d of due) d.resolve();
      for (let j = 0; j < 20; j++) await Promise.resolve();
    }
  }
  get pending(): number {
    return this.timers.length;
  }
}

export const KEY = 'test-key-0001';
export const SECRET = 'Z%2s3cr3t/with+odd=chars&';

/** Client pacing far above anything a test sends, so only the behaviour under test decides when a call goes. */
export const GENEROUS = { privatePerWindow: 1_000_000, publicPerWindow: 1_000_000, windowMs: 1000 };

/**
 * A client signing with KEY/SECRET on the stub at `s`: pacing out of the way, retries without waiting, jitter
 * fixed at its middle; `extra` sets the dialect, a clock, a sleep that records, ...
 */
export function stubClient(s: { url: string }, extra: Partial<AlpClientDeps> = {}): AlpClient {
  return traderClient(
    s.url,
    { key: KEY, secret: SECRET },
    { limits: GENEROUS, sleep: async () => {}, random: () => 0.5, ...extra },
  );
}

/** The ApiError a call fails with (the test fails if it succeeds or throws anything else). */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    if (e instanceof ApiError) return e;
  }
  throw new Error('expected the call to fail');
}
