import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../main/web/host';
import type { ServerFrame } from '../../preload/ws-protocol';
import { createStubServices, type StubServices } from '../support/stub-services';

const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'none'" />`;

/** Opens a socket; resolves with it once open, or with the HTTP status the host refused the upgrade with. */
function connect(url: string, headers: Record<string, string>): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function nextFrame(ws: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerFrame)));
}

function get(port: number, path: string, host: string): Promise<{ status: number; body: string; csp: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, csp: body.match(/connect-src [^"]*/)?.[0] ?? '' }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode host', () => {
  let dir: string;
  let host: WebHost;
  let stub: StubServices;
  let origin: string;
  let bridgeUrl: (token: string) => string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alp-host-'));
    await writeFile(join(dir, 'index.html'), `<html><head>${CSP}</head><body>app</body></html>`);
    stub = createStubServices();
    host = await startWebHost({ dispatch: stub.dispatch, hub: stub.hub, rendererDir: dir });
    origin = host.origin;
    bridgeUrl = (token) => `ws://127.0.0.1:${host.port}/bridge?token=${encodeURIComponent(token)}`;
  });
  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 and puts a random token in the URL fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}$/);
  });

  it('serves the renderer with connect-src opened only to its own socket', async () => {
    const page = await get(host.port, '/', `127.0.0.1:${host.port}`);
    expect(page.status).toBe(200);
    expect(page.csp).toBe(`connect-src ws://127.0.0.1:${host.port}`);
    expect((await get(host.port, '/../../etc/passwd', `127.0.0.1:${host.port}`)).status).toBe(404);
  });

  it('survives a malformed path and a non-object frame, and keeps serving', async () => {
    expect((await get(host.port, '/%E0', `127.0.0.1:${host.port}`)).status).toBe(404);
    const ws = await connect(bridgeUrl(host.token), { origin });
    if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('null');
    expect(await closed).toBe(1003);
    expect((await get(host.port, '/', `127.0.0.1:${host.port}`)).status).toBe(200);
  });

  it('refuses a page requested under a foreign Host name (DNS rebinding)', async () => {
    expect((await get(host.port, '/', `evil.example:${host.port}`)).status).toBe(421);
  });

  it('refuses a socket without the token, with a wrong token, from a foreign origin or Host', async () => {
    expect(await connect(`ws://127.0.0.1:${host.port}/bridge`, { origin })).toBe(401);
    expect(await connect(bridgeUrl('wrong'), { origin })).toBe(401);
    expect(await connect(bridgeUrl(host.token), { origin: 'https://evil.example' })).toBe(403);
    expect(await connect(bridgeUrl(host.token), { origin, host: `evil.example:${host.port}` })).toBe(421);
    expect(stub.calls).toHaveLength(0);
  });

  it('round-trips a bridge call and validates payloads like Electron does', async () => {
    const ws = await connect(bridgeUrl(host.token), { origin });
    if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.info', payload: {} }));
    expect(await nextFrame(ws)).toEqual({
      t: 'result',
      id: 1,
      envelope: {
        ok: true,
        value: { name: 'ALP Terminal', version: '9.9.9', mode: 'web', platform: 'test', venues: [] },
      },
    });
    ws.send(JSON.stringify({ t: 'call', id: 2, method: 'trade.cancel', payload: { profileId: 'p', orderId: -3 } }));
    const refused = await nextFrame(ws);
    expect(refused).toMatchObject({
      t: 'result',
      id: 2,
      envelope: { ok: false, error: { code: 'validation', field: 'orderId' } },
    });
    ws.close();
  });

  it('streams events to a subscriber and stops the source when the socket closes', async () => {
    const ws = await connect(bridgeUrl(host.token), { origin });
    if (typeof ws === 'number') throw new Error(`refused: ${ws}`);
    ws.send(JSON.stringify({ t: 'sub', subId: 7, stream: 'market.book', params: { profileId: 'p', pair: 'BTC_USD' } }));
    expect(await nextFrame(ws)).toEqual({ t: 'subres', subId: 7, envelope: { ok: true, value: null } });
    const event = nextFrame(ws);
    stub.emit('market.book', { bids: [] });
    expect(await event).toEqual({ t: 'event', subId: 7, payload: { bids: [] } });
    expect(stub.running.get('market.book')).toBe(1);
    ws.close();
    await expect.poll(() => stub.running.get('market.book')).toBe(0);
  });
});
