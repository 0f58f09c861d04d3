import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../bridge/dispatch';
import type { SubscriptionHub } from '../bridge/subscriptions';
import { readStatic, withBridgeCsp } from './static-files';
import { BRIDGE_PATH, type ClientFrame, type ServerFrame } from '../../preload/ws-protocol';

export interface WebHostOptions {
  dispatch: Dispatch;
  hub: SubscriptionHub;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Fixed for tests; random per run otherwise. */
  token?: string;
}

export interface WebHost {
  /** The URL to open, token included (in the fragment, so it is never sent in a Referer). */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_FRAME_BYTES = 1 << 20;

/**
 * Browser mode: serves the built renderer and carries the bridge contract over a WebSocket on 127.0.0.1 only.
 * A per-run token, and Host/Origin checks against DNS rebinding, keep other pages and processes out.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    // A request must never take the process (and the trader's session) down with it.
    serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  const serveHttp = async (req: IncomingMessage, res: ServerResponse) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Wrong host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = await readStatic(root, path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    const body = file.type.startsWith('text/html')
      ? Buffer.from(withBridgeCsp(file.body.toString('utf8'), `ws://${req.headers.host}`))
      : file.body;
    res.writeHead(200, {
      'content-type': file.type,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      // No other site may frame the app (clickjacking); the page's own CSP meta cannot say this.
      'content-security-policy': "frame-ancestors 'none'",
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req, token, allowedHosts(), allowedOrigins());
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.dispatch, options.hub));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Returns the HTTP status line to refuse with, or null when the upgrade may proceed. */
export function checkUpgrade(
  req: IncomingMessage,
  token: string,
  hosts: Set<string>,
  origins: Set<string>,
): string | null {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== BRIDGE_PATH) return '404 Not Found';
  if (!hosts.has(req.headers.host ?? '')) return '421 Misdirected Request';
  if (!origins.has(req.headers.origin ?? '')) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  return null;
}

function serveSocket(ws: WebSocket, dispatch: Dispatch, hub: SubscriptionHub): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const sink = (subId: number, payload: unknown) => send({ t: 'event', subId, payload });
  ws.on('close', () => hub.dropClient(ws));
  ws.on('message', async (data) => {
    let frame: ClientFrame;
    try {
      frame = JSON.parse(data.toString()) as ClientFrame;
    } catch {
      ws.close(1003, 'Frames must be JSON');
      return;
    }
    if (!frame || typeof frame !== 'object') {
      ws.close(1003, 'Frames must be JSON objects');
      return;
    }
    if (frame.t === 'call' && typeof frame.id === 'number') {
      send({ t: 'result', id: frame.id, envelope: await dispatch(String(frame.method), frame.payload) });
    } else if (frame.t === 'sub') {
      send({
        t: 'subres',
        subId: frame.subId,
        envelope: hub.subscribe(ws, sink, String(frame.stream), frame.params, frame.subId),
      });
    } else if (frame.t === 'unsub' && typeof frame.subId === 'number') {
      hub.unsubscribe(ws, frame.subId);
    } else {
      ws.close(1003, 'Unknown frame');
    }
  });
}
