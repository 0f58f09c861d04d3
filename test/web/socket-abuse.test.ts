/**
 * Hostile sockets against the browser-mode host, run in a child process so a crash shows as that process dying:
 * a refused upgrade reset at once, frames the WebSocket protocol forbids, and 10 000 messages. After each, the same
 * host must still serve the page and answer a bridge call.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../preload/ws-protocol';

const ROOT = resolve(import.meta.dirname, '../..');

let child: ChildProcess;
let port = 0;
let token = '';
const origin = () => `http://127.0.0.1:${port}`;

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/web/fixtures/host-child.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`host exited early (${code})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', ok);
  });
  ({ port, token } = JSON.parse(line) as { port: number; token: string });
});

afterAll(async () => {
  if (child.exitCode === null) {
    const gone = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await gone;
  }
});

function getPage(): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `127.0.0.1:${port}` } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

function openBridge(): Promise<WebSocket> {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${encodeURIComponent(token)}`, {
      headers: { origin: origin() },
    });
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });
}

/** The host is alive, serves its page and answers a normal bridge call. */
async function expectServing(): Promise<void> {
  expect(child.exitCode).toBeNull();
  expect(await getPage()).toBe(200);
  const ws = await openBridge();
  const reply = new Promise<ServerFrame>((ok) => ws.once('message', (d) => ok(JSON.parse(d.toString()))));
  ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.info', payload: {} }));
  expect(await reply).toMatchObject({ t: 'result', id: 1, envelope: { ok: true, value: { name: 'ALP Terminal' } } });
  ws.close();
}

function upgradeRequest(withToken: boolean): string {
  const query = withToken ? `?token=${encodeURIComponent(token)}` : '';
  return [
    `GET /bridge${query} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Origin: ${origin()}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

/** A raw socket upgraded to a WebSocket (101 read), for writing frames by hand. */
function rawBridge(): Promise<{ socket: Socket; closeCode: Promise<number | null> }> {
  return new Promise((ok, fail) => {
    const socket = tcpConnect(port, '127.0.0.1');
    let buffered = Buffer.alloc(0);
    let upgraded = false;
    let resolveClose: (code: number | null) => void = () => {};
    const closeCode = new Promise<number | null>((r) => (resolveClose = r));
    socket.on('error', () => resolveClose(null));
    socket.on('close', () => resolveClose(null));
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) return fail(new Error(`not upgraded: ${head.split('\r\n')[0]}`));
        upgraded = true;
        buffered = buffered.subarray(end + 4);
        ok({ socket, closeCode });
      }
      // The server's close frame: opcode 0x8, unmasked, the code in its first two payload bytes.
      if (upgraded && buffered.length >= 4 && ((buffered[0] as number) & 0x0f) === 0x8) {
        resolveClose(buffered.readUInt16BE(2));
      }
    });
    socket.once('connect', () => socket.write(upgradeRequest(true)));
    socket.once('error', fail);
  });
}

interface FrameOptions {
  opcode?: number;
  mask?: boolean;
  rsv1?: boolean;
  /** Claimed payload length, when it differs from the bytes sent. */
  claimedLength?: number;
}

function frame(payload: Buffer, o: FrameOptions = {}): Buffer {
  const mask = o.mask ?? true;
  const length = o.claimedLength ?? payload.length;
  const head: number[] = [0x80 | (o.rsv1 ? 0x40 : 0) | (o.opcode ?? 0x1)];
  const m = mask ? 0x80 : 0;
  if (length < 126) head.push(m | length);
  else if (length < 0x10000) head.push(m | 126, length >> 8, length & 0xff);
  else {
    head.push(m | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

describe('browser-mode host under socket abuse', () => {
  it('serves normally to begin with', async () => {
    await expectServing();
  });

  it('survives refused upgrades (no token) whose sockets are reset at once', async () => {
    for (let i = 0; i < 30; i++) {
      await new Promise<void>((ok) => {
        const socket = tcpConnect(port, '127.0.0.1');
        socket.on('error', () => ok()); // a dead host refuses: the check below then fails at once
        socket.once('connect', () => {
          socket.write(upgradeRequest(false));
          socket.resetAndDestroy();
          ok();
        });
      });
    }
    // And one that waits for the refusal first, then resets.
    await new Promise<void>((ok) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.on('error', () => {});
      socket.once('data', (d) => {
        expect(d.toString()).toMatch(/^HTTP\/1\.1 401/);
        socket.resetAndDestroy();
        ok();
      });
      socket.once('connect', () => socket.write(upgradeRequest(false)));
    });
    await expectServing();
  });

  it('refuses upgrades to targets that are no path (//, ///, //a:b) with 400, even when reset at once', async () => {
    // Any page could open ws://127.0.0.1:<port>// ; `new URL` throws on it inside the upgrade listener.
    const upgradeTo = (target: string) => upgradeRequest(true).replace(/^GET \S+/, `GET ${target}`);
    for (const target of ['//', '///', '//a:b', '//a:b/bridge', '*']) {
      const status = await new Promise<string>((ok) => {
        const socket = tcpConnect(port, '127.0.0.1');
        let head = '';
        socket.on('error', () => ok(head));
        socket.on('data', (d) => (head += d.toString()));
        socket.on('close', () => ok(head.split('\r\n')[0] ?? ''));
        socket.once('connect', () => socket.write(upgradeTo(target)));
      });
      expect(status, `upgrade to ${target}`).toBe('HTTP/1.1 400 Bad Request');
      await new Promise<void>((ok) => {
        const socket = tcpConnect(port, '127.0.0.1');
        socket.on('error', () => ok());
        socket.once('connect', () => {
          socket.write(upgradeTo(target));
          socket.resetAndDestroy();
          ok();
        });
      });
    }
    await expectServing();
  });

  it('survives an accepted socket reset in the middle of a frame', async () => {
    const { socket } = await rawBridge();
    socket.write(frame(Buffer.from('{"t":"call","id":1,"method":"app.info","payload":{}}')).subarray(0, 9));
    socket.resetAndDestroy();
    await expectServing();
  });

  const badFrames: [string, () => Buffer, number][] = [
    ['a frame over the size limit', () => frame(Buffer.alloc(16), { claimedLength: 2 * 1024 * 1024 }), 1009],
    ['invalid UTF-8 in a text frame', () => frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['an unmasked client frame', () => frame(Buffer.from('{}'), { mask: false }), 1002],
    ['a reserved opcode', () => frame(Buffer.from('{}'), { opcode: 0x3 }), 1002],
    ['RSV1 set without an extension', () => frame(Buffer.from('{}'), { rsv1: true }), 1002],
  ];
  for (const [name, build, code] of badFrames) {
    it(`closes the socket of ${name} (${code}) and keeps serving`, async () => {
      const { socket, closeCode } = await rawBridge();
      socket.write(build());
      expect(await closeCode).toBe(code);
      socket.destroy();
      await expectServing();
    });
  }

  it('answers 10 000 messages on one socket, then keeps serving', async () => {
    const ws = await openBridge();
    const total = 10_000;
    let answered = 0;
    let allOk = true;
    const done = new Promise<void>((ok) =>
      ws.on('message', (d) => {
        const f = JSON.parse(d.toString()) as ServerFrame;
        if (f.t !== 'result' || !f.envelope.ok) allOk = false;
        if (++answered === total) ok();
      }),
    );
    for (let i = 0; i < total; i++) ws.send(JSON.stringify({ t: 'call', id: i, method: 'app.info', payload: {} }));
    await done;
    expect(answered).toBe(total);
    expect(allOk).toBe(true);
    ws.close();
    await expectServing();
  });
});
