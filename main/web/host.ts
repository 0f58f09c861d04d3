import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatch } from '../bridge/dispatch';
import type { SubscriptionHub } from '../bridge/subscriptions';
import { type Logger, silentLogger } from '../log/logger';
import { parseClientFrame } from './frames';
import { readStatic, withBridgeCsp } from './static-files';
import { BRIDGE_PATH, type ServerFrame } from '../../preload/ws-protocol';

export interface WebHostOptions {
  dispatch: Dispatch;
  hub: SubscriptionHub;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Fixed for tests; random per run otherwise. */
  token?: string;
  /** Where socket errors and refused upgrades are recorded (the token is scrubbed from every line). */
  log?: Logger;
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
 * A socket error (a reset, a bad frame) concerns that one socket: it is logged and the socket is dropped. Without
 * a listener Node would throw the error and take the whole process, paper exchange included, down with it.
 */
function guardSocket(socket: Duplex, log: Logger, what: string): void {
  socket.on('error', (error: Error & { code?: string }) => {
    // Resets and aborted connections are ordinary on loopback (a closed tab); only the rest is worth a line.
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') log.warn('web.socket_error', error, { what });
    socket.destroy();
  });
}

/**
 * Browser mode: serves the built renderer and carries the bridge contract over a WebSocket on 127.0.0.1 only.
 * A per-run token, and Host/Origin checks against DNS rebinding, keep other pages and processes out.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? silentLogger;
  const root = resolve(options.rendererDir);
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    // A request must never take the process (and the trader's session) down with it.
    serveHttp(req, res).catch((error: unknown) => {
      log.error('web.request_failed', error, { path: req.url?.slice(0, 200) });
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end();
    });
  });
  // Every connection gets its error handler the moment it is accepted, before anything is written to it.
  server.on('connection', (socket: Socket) => guardSocket(socket, log, 'http'));
  // Malformed HTTP: answer 400 if the socket can still take it, and drop it.
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    if (error.code !== 'ECONNRESET') log.warn('web.client_error', error);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
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
    // Node drops its own error handling from an upgraded socket; the guard added on 'connection' stays on it.
    // A throw in this listener is uncaught and would end the process: every step is guarded.
    try {
      const refusal = checkUpgrade(req, token, allowedHosts(), allowedOrigins());
      if (refusal) {
        log.info('web.upgrade_refused', { status: refusal, origin: req.headers.origin ?? null });
        socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\n\r\n`, () => socket.destroy());
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        try {
          serveSocket(ws, options.dispatch, options.hub, log);
        } catch (error) {
          log.error('web.upgrade_failed', error);
          ws.terminate();
        }
      });
    } catch (error) {
      log.error('web.upgrade_failed', error);
      socket.destroy();
    }
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
  const url = upgradeTarget(req.url);
  if (url === null) return '400 Bad Request';
  if (url.pathname !== BRIDGE_PATH) return '404 Not Found';
  if (!hosts.has(req.headers.host ?? '')) return '421 Misdirected Request';
  if (!origins.has(req.headers.origin ?? '')) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '401 Unauthorized';
  return null;
}

/** The upgrade's request target as a URL, or null when it is none (`//`, `//a:b`: `new URL` throws on those). */
function upgradeTarget(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://x');
  } catch {
    return null;
  }
}

function serveSocket(ws: WebSocket, dispatch: Dispatch, hub: SubscriptionHub, log: Logger): void {
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const sink = (subId: number, payload: unknown) => send({ t: 'event', subId, payload });
  // A frame the protocol forbids (too large, invalid UTF-8, unmasked, reserved opcode or RSV bits) arrives here
  // after ws has already sent the close frame with the right code (and set its timer to drop the socket): only
  // this socket ends. Without a listener, ws would rethrow it and take the process down.
  ws.on('error', (error) => log.warn('web.bad_frame', error));
  ws.on('close', () => hub.dropClient(ws));
  ws.on('message', (data, isBinary) => {
    const parsed = isBinary ? { refusal: 'Frames must be text' } : parseClientFrame(data.toString());
    if ('refusal' in parsed) {
      ws.close(1003, parsed.refusal);
      return;
    }
    const frame = parsed.frame;
    if (frame.t === 'call') {
      dispatch(frame.method, frame.payload).then(
        (envelope) => send({ t: 'result', id: frame.id, envelope }),
        (error: unknown) => log.error('web.dispatch_failed', error, { method: frame.method }),
      );
    } else if (frame.t === 'sub') {
      send({
        t: 'subres',
        subId: frame.subId,
        envelope: hub.subscribe(ws, sink, frame.stream, frame.params, frame.subId),
      });
    } else {
      hub.unsubscribe(ws, frame.subId);
    }
  });
}
