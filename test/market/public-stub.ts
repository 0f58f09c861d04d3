/**
 * A small public-API exchange on 127.0.0.1 for the feed's tests: serves the ticker, order book, trades and
 * chart endpoints from mutable state, counts requests per path, can hold responses (to prove polls never
 * overlap) and can go down and come back on the same port (to exercise back-off).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface WireLevel {
  price: string;
  amount: string;
}

export interface PublicStub {
  url: string;
  book: { sell: WireLevel[]; buy: WireLevel[] };
  trades: { id: number; price: string; amount: string; type: 'buy' | 'sell'; timestamp: number }[];
  candles: { time: number; open: string; high: string; low: string; close: string; volume: string }[];
  ticker: { last: string; diff: string };
  /** Requests received per path (without query). */
  hits: Map<string, number>;
  /** Requests in flight now, and the most ever at once per path. */
  maxConcurrent: Map<string, number>;
  /** While true, responses wait until release(). */
  hold: boolean;
  release(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startPublicStub(): Promise<PublicStub> {
  const inFlight = new Map<string, number>();
  const waiting: (() => void)[] = [];
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | null = null;

  const stub: PublicStub = {
    url: '',
    book: {
      sell: [
        { price: '101.00', amount: '1.5' },
        { price: '102.00', amount: '2' },
      ],
      buy: [
        { price: '99.00', amount: '1' },
        { price: '98.50', amount: '3' },
      ],
    },
    trades: [
      { id: 1, price: '100.00', amount: '0.5', type: 'buy', timestamp: 1_700_000_000 },
      { id: 2, price: '100.50', amount: '0.25', type: 'sell', timestamp: 1_700_000_001 },
    ],
    candles: [
      { time: 1_700_000_000, open: '100', high: '101', low: '99', close: '100.5', volume: '3' },
      { time: 1_700_003_600, open: '100.5', high: '102', low: '100', close: '101', volume: '1' },
    ],
    ticker: { last: '100.50', diff: '1.25' },
    hits: new Map(),
    maxConcurrent: new Map(),
    hold: false,
    release() {
      for (const w of waiting.splice(0)) w();
    },
    async down() {
      const s = server;
      server = null;
      if (!s) return;
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((r) => s.close(() => r()));
    },
    up: () => listen(),
    async close() {
      stub.release();
      await stub.down();
    },
  };

  function answer(path: string, query: URLSearchParams): unknown {
    if (path === '/api/v1/ticker/')
      return [
        {
          timestamp: Date.now() / 1000,
          pair: 'BTC_USD',
          last: stub.ticker.last,
          diff: stub.ticker.diff,
          vol: '12.5',
          high: '103',
          low: '97',
          buy: '99',
          sell: '101',
        },
      ];
    if (path === '/api/v1/orderbook/BTC_USD') return stub.book;
    if (path === '/api/v1/exchanges/') {
      const limit = Number(query.get('limit') ?? 100);
      return [...stub.trades]
        .sort((a, b) => b.id - a.id)
        .slice(0, limit)
        .map((t) => ({ ...t, pair: 'BTC_USD', account_id: null }));
    }
    if (path === '/api/charts/BTC_USD/60/chart') {
      const limit = Number(query.get('limit') ?? 720);
      return stub.candles.slice(-limit);
    }
    return undefined;
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body));
  }

  function listen(): Promise<void> {
    const s = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const path = u.pathname;
      stub.hits.set(path, (stub.hits.get(path) ?? 0) + 1);
      const now = (inFlight.get(path) ?? 0) + 1;
      inFlight.set(path, now);
      stub.maxConcurrent.set(path, Math.max(stub.maxConcurrent.get(path) ?? 0, now));
      const finish = () => {
        inFlight.set(path, (inFlight.get(path) ?? 1) - 1);
        const body = answer(path, u.searchParams);
        if (body === undefined) send(res, 404, { date: Date.now() / 1000, error: `No such path ${path}` });
        else send(res, 200, body);
      };
      if (stub.hold) waiting.push(finish);
      else finish();
    });
    s.keepAliveTimeout = 1000;
    s.on('connection', (sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    server = s;
    return new Promise<void>((resolve) => {
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        stub.url = `http://127.0.0.1:${port}`;
        resolve();
      });
    });
  }

  await listen();
  return stub;
}
