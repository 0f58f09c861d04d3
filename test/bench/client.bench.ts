/**
 * API client bench, one run, two figures:
 *  1. Overhead per signed request, in-process, no network: the client's v1 private GET (limiter slot, nonce,
 *     HMAC sign, query encode, lossless parse, zod validate + normalise) through an injected fetch that answers
 *     at once, minus the same injected fetch called bare and JSON.parse'd. Also the v1 order POST (precision
 *     checks + form encoding + signing).
 *  2. Loopback throughput against a local node:http server (rate limits disabled for the bench): the client vs a
 *     bare `fetch` of the same request (same URL and headers, JSON.parse of the body), side by side, as a ratio.
 *     Private signed GETs run one at a time (the client sends a key's v1 calls one at a time so nonces arrive
 *     in order); public GETs run 32 at a time.
 * Goals: overhead < 20 µs per signed request; throughput >= 0.9x the bare fetch. Asserts nothing.
 */
import { createHmac } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { createAlpClient, createMemoryNonceStore } from '../../main/api';
import type { AlpClient } from '../../main/api';
import { BTC_USD_V1_WIRE } from '../support/pairs';

const KEY = 'bench-key';
const SECRET = 'bench-secret';
const OFF = { privatePerWindow: 1e9, publicPerWindow: 1e9, windowMs: 1000 };
const WALLETS = JSON.stringify([
  { currency: 'BTC', balance: 10.5, reserve: '0.25000000' },
  { currency: 'USD', balance: '100000.00', reserve: 1250.5 },
  { currency: 'ETH', balance: Math.PI, reserve: 0 },
]);
const PAIRS = JSON.stringify([BTC_USD_V1_WIRE]);
const CREATED = JSON.stringify({
  success: true,
  type: 'buy',
  date: 1483721079.51632,
  oid: 11268,
  price: 870.69,
  amount: 0.5,
  trades: [],
});
const TICKER = JSON.stringify([
  {
    timestamp: 1642511387.55049,
    pair: 'BTC_USD',
    last: '22476.85',
    diff: '-1.25',
    vol: '12.5',
    high: '22600',
    low: '22000',
    buy: '22476.5',
    sell: '22477',
  },
]);

function inProcessFetch(): typeof fetch {
  const headers = { 'Content-Type': 'application/json' };
  return (async (input: string | URL | Request) => {
    const url = String(input);
    const body = url.includes('/pairs/') ? PAIRS : url.includes('/order/') ? CREATED : WALLETS;
    return new Response(body, { status: 200, headers });
  }) as typeof fetch;
}

/** Wall-clock and CPU time (µs) of n sequential calls. CPU time is what the machine's other load cannot inflate. */
async function timeLoop(n: number, f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await f();
  const wall = Number(process.hrtime.bigint() - t0) / 1e3;
  const c = process.cpuUsage(c0);
  return { wall, cpu: c.user + c.system };
}

async function overhead(): Promise<{ get: number; post: number; getCpu: number; postCpu: number }> {
  const fake = inProcessFetch();
  const client = createAlpClient({
    baseUrl: 'http://bench.invalid',
    credentials: { apiKey: KEY, secret: async () => SECRET },
    nonceStore: createMemoryNonceStore(),
    fetch: fake,
    limits: OFF,
  });
  const bare = async () => JSON.parse(await (await fake('http://bench.invalid/api/v1/wallets/')).text()) as unknown;
  const bareOrder = async () => JSON.parse(await (await fake('http://bench.invalid/api/v1/order/')).text()) as unknown;
  const order = () => client.createOrder({ pair: 'BTC_USD', side: 'buy', price: '870.69', amount: '0.5' });
  const n = 20_000;
  for (let i = 0; i < 5_000; i++) {
    await client.wallets();
    await bare();
    await order();
    await bareOrder();
  }
  let get = Number.POSITIVE_INFINITY;
  let post = Number.POSITIVE_INFINITY;
  let getCpu = Number.POSITIVE_INFINITY;
  let postCpu = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const b = await timeLoop(n, bare);
    const c = await timeLoop(n, () => client.wallets());
    get = Math.min(get, (c.wall - b.wall) / n);
    getCpu = Math.min(getCpu, (c.cpu - b.cpu) / n);
    const bo = await timeLoop(n, bareOrder);
    const co = await timeLoop(n, order);
    post = Math.min(post, (co.wall - bo.wall) / n);
    postCpu = Math.min(postCpu, (co.cpu - bo.cpu) / n);
  }
  return { get, post, getCpu, postCpu };
}

/** The server runs in a worker thread: the exchange is never on the client's own event loop. */
const SERVER_SRC = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const s = createServer((req, res) => {
  res.setHeader('Content-Type', 'application/json');
  res.end(req.url.startsWith('/api/v1/ticker/') ? workerData.ticker : workerData.wallets);
});
s.keepAliveTimeout = 10000;
s.listen(0, '127.0.0.1', () => parentPort.postMessage(s.address().port));
`;

interface Pairing {
  client: number;
  bare: number;
  /** Median of the per-round client/bare ratios (rounds alternate A and B, so load drifts cancel). */
  ratio: number;
  /** Same, from CPU time per request (client thread + server worker) instead of wall time. */
  cpuRatio: number;
}

async function loopback(): Promise<{ priv: Pairing; pub: Pairing }> {
  const worker = new Worker(SERVER_SRC, { eval: true, workerData: { ticker: TICKER, wallets: WALLETS } });
  const port = await new Promise<number>((r) => worker.once('message', r));
  const base = `http://127.0.0.1:${port}`;
  const client: AlpClient = createAlpClient({
    baseUrl: base,
    credentials: { apiKey: KEY, secret: async () => SECRET },
    nonceStore: createMemoryNonceStore(),
    limits: OFF,
  });
  let nonce = BigInt(Date.now()) * 10n;
  const sign = createHmac('sha256', SECRET).update(KEY).digest('hex');
  const barePrivate = async () => {
    const res = await fetch(`${base}/api/v1/wallets/`, {
      method: 'GET',
      headers: { Accept: 'application/json', 'X-KEY': KEY, 'X-SIGN': sign, 'X-NONCE': String(++nonce) },
    });
    return JSON.parse(await res.text()) as unknown;
  };
  const barePublic = async () =>
    JSON.parse(
      await (await fetch(`${base}/api/v1/ticker/`, { method: 'GET', headers: { Accept: 'application/json' } })).text(),
    ) as unknown;
  let lastCpu = 0;
  const rate = async (n: number, conc: number, f: () => Promise<unknown>) => {
    let left = n;
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: conc }, async () => {
        while (left-- > 0) await f();
      }),
    );
    const c = process.cpuUsage(c0);
    lastCpu = (c.user + c.system) / n;
    return n / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  const pair = async (
    n: number,
    conc: number,
    ours: () => Promise<unknown>,
    bare: () => Promise<unknown>,
  ): Promise<Pairing> => {
    await rate(1_000, conc, ours);
    await rate(1_000, conc, bare);
    const c: number[] = [];
    const b: number[] = [];
    const r: number[] = [];
    const rc: number[] = [];
    for (let round = 0; round < 15; round++) {
      const first = round % 2 === 0;
      let x = 0;
      let xCpu = 0;
      if (first) {
        x = await rate(n, conc, bare);
        xCpu = lastCpu;
      }
      const y = await rate(n, conc, ours);
      const yCpu = lastCpu;
      if (!first) {
        x = await rate(n, conc, bare);
        xCpu = lastCpu;
      }
      c.push(y);
      b.push(x);
      r.push(y / x);
      rc.push(xCpu / yCpu);
    }
    const med = (a: number[]) => [...a].sort((p, q) => p - q)[Math.floor(a.length / 2)] as number;
    return { client: med(c), bare: med(b), ratio: med(r), cpuRatio: med(rc) };
  };
  const priv = await pair(400, 1, () => client.wallets(), barePrivate);
  const pub = await pair(800, 32, () => client.tickers(), barePublic);
  await worker.terminate();
  return { priv, pub };
}

export default async function run(): Promise<void> {
  const o = await overhead();
  const l = await loopback();
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const rPriv = l.priv.ratio;
  const rPub = l.pub.ratio;
  const load = (await import('node:os')).loadavg()[0] ?? 0;
  const cores = (await import('node:os')).cpus().length;
  console.log(
    `client bench (machine load ${load.toFixed(1)} on ${cores} cores: wall-clock figures suffer from other load, CPU-time figures much less)`,
  );
  console.log(`  overhead per signed request (in-process, no network; best of 3 rounds of 20,000):`);
  console.log(
    `    v1 private GET wallets   ${o.get.toFixed(1)} µs wall, ${o.getCpu.toFixed(1)} µs CPU   goal < 20 µs: ${o.get < 20 ? 'met' : o.getCpu < 20 ? 'met in CPU time, not in wall time' : 'NOT met'}`,
  );
  console.log(
    `    v1 POST create order     ${o.post.toFixed(1)} µs wall, ${o.postCpu.toFixed(1)} µs CPU   (incl. precision checks)`,
  );
  console.log(
    `  loopback throughput, client vs bare fetch of the same request (server in a worker thread; median of 15 alternating rounds):`,
  );
  console.log(
    `    private signed GET, sequential   client ${fmt(l.priv.client)} req/s   bare ${fmt(l.priv.bare)} req/s   ratio ${rPriv.toFixed(2)}x (CPU-time ratio ${l.priv.cpuRatio.toFixed(2)}x)   goal >= 0.9x: ${rPriv >= 0.9 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `    public GET, 32 in flight         client ${fmt(l.pub.client)} req/s   bare ${fmt(l.pub.bare)} req/s   ratio ${rPub.toFixed(2)}x (CPU-time ratio ${l.pub.cpuRatio.toFixed(2)}x)   goal >= 0.9x: ${rPub >= 0.9 ? 'met' : 'NOT met'}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run();
}
