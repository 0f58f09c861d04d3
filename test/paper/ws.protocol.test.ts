import { createConnection } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { TestClock, startQuiet } from './helpers';
import { WsProbe } from './ws-probe';

/** The WebSocket protocol itself: welcome, keepalive, subscribe / unsubscribe / error, hostile input. */
describe('paper WebSocket: protocol', () => {
  let clock: TestClock;
  let ex: PaperExchangeInternals;
  const probes: WsProbe[] = [];
  const open = async (path = '/ws'): Promise<WsProbe> => {
    const p = await WsProbe.open(ex.url, path);
    probes.push(p);
    return p;
  };

  beforeEach(async () => {
    clock = new TestClock();
    ex = await startQuiet(clock, { ws: { pingIntervalMs: 60, pingTimeoutMs: 1500, maxPayloadBytes: 4096 } });
  });
  afterEach(async () => {
    for (const p of probes.splice(0)) p.close();
    await ex.close();
  });

  it('welcomes on /ws and /alp-ws with the ping interval and timeout in ns and a client uuid', async () => {
    for (const path of ['/ws', '/alp-ws', '/ws/']) {
      const p = await open(path);
      const welcome = await p.next((m) => m[0] === 'welcome', 'welcome');
      expect(welcome).toEqual(['welcome', clock.t / 1000, 60_000_000, 1_500_000_000, expect.any(String)]);
      expect(welcome[4]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const a = probes[0]?.messages()[0]?.[4];
    const b = probes[1]?.messages()[0]?.[4];
    expect(a).not.toBe(b);
  });

  it('refuses other paths at the upgrade', async () => {
    await expect(WsProbe.open(ex.url, '/nope')).rejects.toThrow(/404/);
    // The HTTP API is unaffected.
    expect((await fetch(`${ex.url}/api/v3/time`)).status).toBe(200);
  });

  it('pings with 1, keeps a client that answers 2, closes one that goes silent', async () => {
    const p = await open();
    const silent = await open();
    silent.answerPings = false;
    // The answering client outlives many timeouts' worth of pings.
    await p.until(() => p.frames.filter((f) => f === '1').length >= 25, '25 pings');
    expect(p.closed).toBeNull();
    await silent.until(() => silent.closed !== null, 'the silent client to be closed');
    expect(silent.closed?.code).toBe(4000);
    expect(silent.frames).toContain('1');
    // A client may ping too: the server answers 2.
    const before = p.frames.length;
    p.answerPings = false;
    p.send('1');
    await p.until(() => p.frames.slice(before).includes('2'), 'the server to answer 2');
  });

  it('subscribes and unsubscribes with the documented acknowledgements, and refuses unknown topics', async () => {
    const p = await open();
    p.send(['subscribe', 'trade.BTC_USD', 'ticker.*']);
    const ack = await p.next((m) => m[0] === 'subscribe', 'subscribe ack');
    expect(ack).toEqual(['subscribe', clock.t / 1000, 'trade.BTC_USD', 'ticker.*']);
    for (const bad of ['trade.NOPE_USD', 'diff.*', 'market_depth.*', 'candles.BTC_USD', 'trade', '.BTC_USD']) {
      const from = p.messages().length;
      p.send(['subscribe', bad]);
      expect(await p.next((m) => m[0] === 'error', `error for ${bad}`, from)).toEqual([
        'error',
        clock.t / 1000,
        'Topic does not exist',
      ]);
    }
    const from = p.messages().length;
    p.send(['unsubscribe', 'trade.BTC_USD']);
    expect(await p.next((m) => m[0] === 'unsubscribe', 'unsubscribe ack', from)).toEqual([
      'unsubscribe',
      clock.t / 1000,
      'trade.BTC_USD',
    ]);
    // Every valid topic form is accepted.
    const from2 = p.messages().length;
    const all = ['ticker.ETH_BTC', 'trade.*', 'diff.ETH_USD', 'market_depth.BTC_USDT', 'rates.*', 'rates.BTC_USD'];
    p.send(['subscribe', ...all]);
    expect(await p.next((m) => m[0] === 'subscribe', 'ack', from2)).toEqual(['subscribe', clock.t / 1000, ...all]);
    expect(
      p
        .messages()
        .slice(from2)
        .some((m) => m[0] === 'error'),
    ).toBe(false);
  });

  it('drops a consumer that stops reading once its send buffer passes the bound, and keeps serving the others', async () => {
    await ex.close();
    ex = await startQuiet(clock, {
      accounts: [{ key: 'mm', secret: 'mm-secret', name: 'mm', balances: { USD: '1000000000', BTC: '1000000' } }],
      ws: { pingIntervalMs: 60, pingTimeoutMs: 60_000, depthIntervalMs: 20, maxBufferedBytes: 256 * 1024 },
    });
    // A deep book makes every market_depth snapshot large (~100 KB): 300 of them far exceed any socket buffers.
    const mm = ex.core.accounts.byApiKey('mm')?.id as number;
    for (let i = 0; i < 2000; i++) {
      const buy = i % 2 === 0;
      ex.core.place(
        {
          accountId: mm,
          pair: 'BTC_USD',
          side: buy ? 'BUY' : 'SELL',
          type: 'LIMIT',
          tif: 'GTC',
          walletType: 'SPOT',
          price: (buy ? 50_000 - i : 70_000 + i).toFixed(2),
          amount: '0.01',
        },
        clock.now(),
      );
    }
    ex.simStep();
    const slow = await open();
    const healthy = await open();
    for (const p of [slow, healthy]) p.send(['subscribe', 'market_depth.BTC_USD']);
    await slow.next((m) => m[0] === 'p', 'the first snapshot');
    slow.ws.pause(); // stops reading: the server's send buffer for it can only grow
    const seen = healthy.of('p').length;
    // The healthy socket keeps receiving snapshots all along; the slow one is cut off by the server.
    await healthy.until(() => healthy.of('p').length > seen + 300, '300 more snapshots to the healthy socket', 90_000);
    slow.ws.resume();
    await slow.until(() => slow.closed !== null, 'the slow consumer to be dropped', 60_000);
    expect(slow.closed?.code).toBe(1006); // terminated: a close frame could not get through its full buffer
    expect(healthy.closed).toBeNull();
    const from = healthy.of('p').length;
    await healthy.until(() => healthy.of('p').length > from, 'snapshots after the drop');
  }, 120_000);

  it('answers malformed and hostile frames with an error, never with a crash, and closes a flooder', async () => {
    const p = await open();
    const cases: Array<[unknown, RegExp]> = [
      ['not json', /not JSON/],
      ['{"a":1}', /expected \["command"/],
      ['[1,2]', /expected \["command"/],
      ['["hello"]', /Unknown command/],
      ['["subscribe"]', /Malformed subscribe/],
      ['["subscribe", 5]', /Malformed subscribe/],
      ['["auth"]', /Malformed auth/],
      [JSON.stringify(['subscribe', 'x'.repeat(100)]), /Malformed subscribe/],
      ['null', /expected/],
      ['"\\u0000"', /expected/],
    ];
    for (const [frame, reason] of cases) {
      const from = p.messages().length;
      p.send(frame);
      const e = await p.next((m) => m[0] === 'error', `error for ${String(frame)}`, from);
      expect(e[2]).toMatch(reason);
    }
    const from = p.messages().length;
    p.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await p.next((m) => m[0] === 'error', 'binary error', from))[2]).toMatch(/Binary/);
    // Too large a frame closes the connection (1009) instead of being buffered.
    const big = await open();
    big.send(['subscribe', 'x'.repeat(10_000)]);
    await big.until(() => big.closed !== null, 'the oversized frame to close the socket');
    expect(big.closed?.code).toBe(1009);
    // A flood of bad frames is cut off.
    const flood = await open();
    for (let i = 0; i < 150; i++) flood.send('bad');
    await flood.until(() => flood.closed !== null, 'the flooder to be closed');
    expect(flood.closed?.code).toBe(1008);
    // Raw garbage on the upgrade socket does not hurt either.
    await new Promise<void>((resolve) => {
      const s = createConnection(ex.port, '127.0.0.1', () => {
        s.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0000\u0001garbage');
      });
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      s.resume();
    });
    // The first client is still served.
    const last = p.messages().length;
    p.send(['subscribe', 'rates.*']);
    await p.next((m) => m[0] === 'r', 'rates after the abuse', last);
    expect(p.closed).toBeNull();
  });
});
