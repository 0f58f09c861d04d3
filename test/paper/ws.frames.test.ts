import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { TokenIssuer } from '../../main/paper/auth';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { textFrame } from '../../main/paper/ws/frame';
import { PaperWsHub } from '../../main/paper/ws/hub';
import { ALICE, BOB, TestClock, startQuiet } from './helpers';
import { WsProbe } from './ws-probe';

/** The server frames of `data` (unmasked, as a server sends them): [opcode, payload text] each, in order. */
function decodeServerFrames(data: Buffer): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  let at = 0;
  while (at < data.length) {
    const opcode = (data[at] ?? 0) & 0x0f;
    const short = (data[at + 1] ?? 0) & 0x7f;
    let length = short;
    let header = 2;
    if (short === 126) {
      length = data.readUInt16BE(at + 2);
      header = 4;
    } else if (short === 127) {
      length = Number(data.readBigUInt64BE(at + 2));
      header = 10;
    }
    out.push([opcode, data.subarray(at + header, at + header + length).toString('utf8')]);
    at += header + length;
  }
  return out;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

describe('paper WebSocket: prepared frames', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('lays out the RFC 6455 header for each length class, with the UTF-8 byte length', () => {
    expect([...textFrame('')]).toEqual([0x81, 0]);
    expect([...textFrame('ab')]).toEqual([0x81, 2, 0x61, 0x62]);
    const euro = textFrame('€'); // 3 bytes in UTF-8, 1 character
    expect([...euro]).toEqual([0x81, 3, 0xe2, 0x82, 0xac]);
    expect([...textFrame('x'.repeat(125)).subarray(0, 2)]).toEqual([0x81, 125]);
    expect([...textFrame('x'.repeat(126)).subarray(0, 4)]).toEqual([0x81, 126, 0, 126]);
    expect([...textFrame('x'.repeat(65_535)).subarray(0, 4)]).toEqual([0x81, 126, 0xff, 0xff]);
    const big = textFrame('x'.repeat(65_536));
    expect([...big.subarray(0, 10)]).toEqual([0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(big.length).toBe(65_546);
  });

  /**
   * The hub writes prepared frames to the upgraded socket while `ws` writes its own (send, ping, close) to the
   * same socket. This holds only while `ws` writes synchronously and unchanged: if a new `ws` queued, compressed
   * or reframed its writes, the order or the decoding below would break.
   */
  it('a ws client reads prepared frames of every length class, in order with what ws itself writes', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    const texts = ['', 'é€😀', 'x'.repeat(125), 'y'.repeat(126), 'z'.repeat(65_535), 'w'.repeat(70_000)];
    server.on('upgrade', (req, socket: Duplex, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        socket.write(textFrame(texts[0] ?? ''));
        ws.send('from ws 1');
        socket.write(textFrame(texts[1] ?? ''));
        ws.ping('p');
        socket.write(Buffer.concat(texts.slice(2).map(textFrame)));
        ws.send('from ws 2');
        ws.close(4321, 'done');
      });
    });
    const url = await listen(server);
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const client = new WebSocket(url.replace('http', 'ws'));
    client.on('error', () => {});
    const log: string[] = [];
    client.on('message', (data, isBinary) => log.push(`${isBinary ? 'binary' : 'text'}:${data.toString()}`));
    client.on('ping', (data) => log.push(`ping:${data.toString()}`));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      client.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    expect(log).toEqual([
      `text:${texts[0]}`,
      'text:from ws 1',
      `text:${texts[1]}`,
      'ping:p',
      ...texts.slice(2).map((t) => `text:${t}`),
      'text:from ws 2',
    ]);
    expect(closed).toEqual({ code: 4321, reason: 'done' });
  });

  describe('the hub', () => {
    let clock: TestClock;
    let ex: PaperExchangeInternals;
    let url: string;
    /** Every socket.write on each upgraded socket, in upgrade order. */
    const written: Buffer[][] = [];

    const start = async (): Promise<void> => {
      written.length = 0;
      clock = new TestClock();
      ex = await startQuiet(clock);
      cleanup.push(() => ex.close());
      const server = createServer();
      // Runs before the hub's own upgrade listener: records what the hub writes to each socket.
      server.prependListener('upgrade', (_req, socket: Duplex) => {
        const writes: Buffer[] = [];
        written.push(writes);
        const original = socket.write;
        vi.spyOn(socket, 'write').mockImplementation((...args: Parameters<Duplex['write']>): boolean => {
          if (Buffer.isBuffer(args[0])) writes.push(args[0]);
          return Reflect.apply(original, socket, args);
        });
      });
      const hub = new PaperWsHub(
        { server, core: ex.core, tokens: new TokenIssuer(60_000), now: clock.now, onCommitted: ex.onCommitted },
        { depthIntervalMs: 3_600_000, tickerIntervalMs: 3_600_000 },
      );
      url = await listen(server);
      cleanup.push(() => {
        hub.close();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      });
    };

    it('negotiates no extension, even when the client offers permessage-deflate', async () => {
      await start();
      const p = await WsProbe.open(url); // a default ws client offers permessage-deflate
      cleanup.push(() => p.close());
      expect(p.ws.extensions).toBe('');
      await p.next((m) => m[0] === 'welcome', 'welcome');
    });

    it("writes a change's frames to each subscriber in one write, the same bytes for every subscriber", async () => {
      await start();
      const probes = [await WsProbe.open(url), await WsProbe.open(url), await WsProbe.open(url)];
      for (const p of probes) cleanup.push(() => p.close());
      for (const p of probes) p.send(['subscribe', 'diff.BTC_USD', 'trade.BTC_USD']);
      for (const p of probes) await p.next((m) => m[0] === 'subscribe', 'the subscribe ack');
      expect(written).toHaveLength(probes.length);
      const before = written.map((w) => w.length);

      const alice = ex.core.accounts.byApiKey(ALICE.key);
      const bob = ex.core.accounts.byApiKey(BOB.key);
      if (alice === undefined || bob === undefined) throw new Error('accounts missing');
      const order = { pair: 'BTC_USD', tif: 'GTC', walletType: 'SPOT' } as const;
      ex.core.place(
        { ...order, accountId: alice.id, side: 'SELL', type: 'LIMIT', price: '50000', amount: '0.01' },
        clock.t,
      );
      ex.core.deliverCommitted(); // the resting order: one d
      ex.core.place({ ...order, accountId: bob.id, side: 'BUY', type: 'MARKET', tif: 'IOC', amount: '0.01' }, clock.t);
      ex.core.deliverCommitted(); // the fill: a d and a t

      for (const p of probes) await p.until(() => p.of('t').length === 1, 'the trade');
      const perSocket = written.map((w, i) => w.slice(before[i]));
      for (const writes of perSocket) {
        expect(writes).toHaveLength(2); // one write per change, not one per frame
        expect(decodeServerFrames(writes[0] ?? Buffer.alloc(0)).map(([op, t]) => [op, t.slice(0, 4)])).toEqual([
          [1, '["d"'],
        ]);
        expect(decodeServerFrames(writes[1] ?? Buffer.alloc(0)).map(([op, t]) => [op, t.slice(0, 4)])).toEqual([
          [1, '["d"'],
          [1, '["t"'],
        ]);
      }
      // Prepared once: every subscriber was handed the very same buffer.
      expect(perSocket[1]?.[1]).toBe(perSocket[0]?.[1]);
      expect(perSocket[2]?.[1]).toBe(perSocket[0]?.[1]);
      // And what the clients read is what was written.
      const [d, t] = decodeServerFrames(perSocket[0]?.[1] ?? Buffer.alloc(0));
      for (const p of probes)
        expect(p.messages().slice(-2)).toEqual([JSON.parse(d?.[1] ?? ''), JSON.parse(t?.[1] ?? '')]);
    });
  });
});
