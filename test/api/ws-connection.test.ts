/**
 * The streaming connection against a real local WebSocket server speaking today's protocol: opened on demand,
 * ping answered, topics ref-counted, every topic subscribed again after a drop, the private socket
 * authenticated after each welcome and re-authenticated on its timer, and frames parsed at the boundary.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StreamConnection } from '../../main/api/ws/connection';
import { type StreamMessage, parseFrame } from '../../main/api/ws/messages';
import { streamUrlFor } from '../../main/api/ws/socket';
import { realSetTimer } from '../../main/market/timers';
import { wsOpener } from '../../main/web/ws-opener';
import { type WsStub, startWsStub } from '../support/ws-stub';

const stubs: WsStub[] = [];
const conns: StreamConnection[] = [];
afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  while (stubs.length) await stubs.pop()?.close();
});

async function setup(extra: Partial<ConstructorParameters<typeof StreamConnection>[0]> = {}) {
  const stub = await startWsStub();
  stubs.push(stub);
  const conn = new StreamConnection({
    url: stub.url,
    openSocket: wsOpener,
    setTimer: realSetTimer,
    backoff: { baseMs: 20, capMs: 200 },
    ...extra,
  });
  conns.push(conn);
  return { stub, conn };
}

function frames(stub: WsStub): unknown[][] {
  return stub.clients.flatMap((c) => c.frames.filter((f) => f !== '2').map((f) => JSON.parse(f) as unknown[]));
}

describe('stream connection', () => {
  it('opens on the first subscriber, subscribes each topic once, answers pings and closes after the last leaves', async () => {
    const { stub, conn } = await setup();
    expect(stub.accepted).toBe(0); // nothing subscribed: no socket
    const got: StreamMessage[] = [];
    const a = conn.subscribe('trade.BTC_USD', (m) => got.push(m));
    const b = conn.subscribe('trade.BTC_USD', (m) => got.push(m));
    await stub.until(() => stub.clients[0]?.topics.has('trade.BTC_USD') === true, 'the subscription');
    expect(conn.state()).toBe('live');
    expect(frames(stub)).toEqual([['subscribe', 'trade.BTC_USD']]);

    stub.ping();
    await stub.until(() => stub.clients[0]?.frames.includes('2') === true, 'the pong');

    stub.push('trade.BTC_USD', ['t', 1767225600.5, 9, 'BTC_USD', '0.5', '61000.10', 'buy']);
    await stub.until(() => got.length === 2, 'the trade at both listeners');
    expect(got[0]).toMatchObject({ kind: 'trade', id: 9, amount: '0.5', price: '61000.1', side: 'buy' });

    a();
    expect(stub.clients[0]?.topics.has('trade.BTC_USD')).toBe(true); // still one listener
    b();
    await stub.until(() => stub.open().length === 0, 'the socket to close');
    expect(frames(stub)).toContainEqual(['unsubscribe', 'trade.BTC_USD']);
    expect(conn.state()).toBe('idle');
  });

  it('reconnects after a drop with backoff and subscribes every topic again', async () => {
    const { stub, conn } = await setup();
    const states: string[] = [];
    conn.onState((s) => states.push(s));
    conn.subscribe('diff.BTC_USD', () => {});
    conn.subscribe('market_depth.BTC_USD', () => {});
    await stub.until(() => (stub.clients[0]?.topics.size ?? 0) === 2, 'both topics');
    stub.dropAll();
    await stub.until(() => stub.accepted === 2 && (stub.clients[1]?.topics.size ?? 0) === 2, 'resubscribed');
    expect([...(stub.clients[1]?.topics ?? [])].sort()).toEqual(['diff.BTC_USD', 'market_depth.BTC_USD']);
    expect(states).toContain('down');
    expect(states[states.length - 1]).toBe('live');
    expect(conn.stats().drops).toBe(1);
  });

  it('the private socket authenticates after every welcome and again on its timer, before any topic', async () => {
    let n = 0;
    const { stub, conn } = await setup({ authenticate: async () => ['auth', `jwt-${++n}`], reauthMs: 50 });
    const release = conn.hold();
    await stub.until(() => (stub.clients[0]?.frames.length ?? 0) >= 3, 'auth and two re-auths');
    const sent = frames(stub);
    expect(sent.slice(0, 3)).toEqual([
      ['auth', 'jwt-1'],
      ['auth', 'jwt-2'],
      ['auth', 'jwt-3'],
    ]);
    stub.dropAll();
    await stub.until(() => stub.clients[1]?.authed !== null && stub.clients[1] !== undefined, 'auth after reconnect');
    release();
    await stub.until(() => stub.open().length === 0, 'the socket to close after release');
  });

  it('lingers after the last listener when asked: a quick re-subscribe reuses the socket', async () => {
    const { stub, conn } = await setup({ lingerMs: 60_000 });
    const a = conn.subscribe('trade.BTC_USD', () => {});
    await stub.until(() => stub.clients[0]?.topics.has('trade.BTC_USD') === true, 'the subscription');
    a();
    await stub.until(() => stub.clients[0]?.topics.has('trade.BTC_USD') === false, 'the unsubscribe');
    expect(stub.open().length).toBe(1); // still open
    conn.subscribe('trade.ETH_USD', () => {});
    await stub.until(() => stub.clients[0]?.topics.has('trade.ETH_USD') === true, 'the new topic on the same socket');
    expect(stub.accepted).toBe(1);
  });

  it('a refused token makes the private socket reconnect and authenticate afresh', async () => {
    let n = 0;
    const { stub, conn } = await setup({ authenticate: async () => ['auth', `jwt-${++n}`] });
    conn.hold();
    await stub.until(() => stub.clients[0]?.authed === 'jwt-1', 'first auth');
    stub.push(null, ['error', 1767225600, 'Invalid or expired token']);
    await stub.until(() => stub.clients[1]?.authed === 'jwt-2', 'a new socket with a new token');
  });
});

describe('stream frames', () => {
  it('parse every message kind with exact decimals and drop what does not fit', () => {
    expect(parseFrame('1')).toBe('ping');
    expect(parseFrame('["welcome", 1767225600.1, 20000000000, 30000000000, "abc"]')).toEqual({
      kind: 'welcome',
      pingIntervalMs: 20_000,
      clientId: 'abc',
    });
    expect(parseFrame('["d", 1767225600, "BTC_USD", [[["61000.10", "0"]], [["60999.9", "1.25000000"]]]]')).toEqual({
      kind: 'diff',
      pair: 'BTC_USD',
      asks: [{ price: '61000.1', amount: '0' }],
      bids: [{ price: '60999.9', amount: '1.25' }],
    });
    expect(parseFrame('["p", 1, {"Asks": [["2", "3"]], "Bids": [], "Symbol": "ETH_USD", "TotalAsks": "3"}]')).toEqual({
      kind: 'depth',
      pair: 'ETH_USD',
      asks: [{ price: '2', amount: '3' }],
      bids: [],
    });
    expect(
      parseFrame(
        '["o", 1, 34, "BTC_USD", "BID", "STOP_LIMIT", "0.5", "61000", "0.5", "0", "0", "0", null, null, "PENDING", "0", "SPOT", "60900", "GTE"]',
      ),
    ).toMatchObject({
      kind: 'order',
      order: { id: 34, side: 'buy', type: 'STOP_LIMIT', status: 'PENDING', stopPrice: '60900', stopOperator: 'GTE' },
    });
    expect(parseFrame('["w", 1, "USD", "SPOT", "", "900.5", "100"]')).toMatchObject({
      kind: 'wallet',
      wallet: { currency: 'USD', walletType: 'SPOT', pair: null, balance: '900.5', reserve: '100' },
    });
    expect(
      parseFrame('["tk", 1, ["BTC_USD", "61000", "10", "610000", "1.5", "62000", "60000", "60990", "61010"]]'),
    ).toMatchObject({
      kind: 'ticker',
      tickers: [{ pair: 'BTC_USD', last: '61000', changePct: '1.5', bid: '60990', ask: '61010' }],
    });
    expect(parseFrame('["t", 1, "not-an-id", "BTC_USD", "1", "2", "buy"]')).toBeNull();
    expect(parseFrame('{"not": "an array"}')).toBeNull();
    expect(parseFrame('nonsense')).toBeNull();
  });

  it('derives the stream URL from the base URL (www.alp.com for the live venue)', () => {
    expect(streamUrlFor('https://alp.com')).toBe('wss://www.alp.com/ws');
    expect(streamUrlFor('http://127.0.0.1:8123/')).toBe('ws://127.0.0.1:8123/ws');
  });
});
