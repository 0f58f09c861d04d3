/**
 * WebSocket fan-out: 200 sockets subscribed to diff.BTC_USD and trade.BTC_USD (in a child process) while the
 * simulator trades; probe orders that cross the book are placed at a steady rate and timed from the commit
 * point (just before the change is delivered) to the `d` and `t` frames received by the LAST socket. Prints
 * p50/p99, frames/s and the server's CPU; goal p99 < 5 ms at 200 sockets. Then the REST order path's
 * throughput (orders/s through HTTP, limits lifted). Asserts nothing.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PaperExchangeInternals, startPaperExchange } from '../../main/paper/index';

const SOCKETS = 200;
const PROBES = 400;
const PROBE_EVERY_MS = 10;
const wall = (): number => performance.timeOrigin + performance.now();
const BENCH_ACCOUNT = {
  key: 'bench-key',
  secret: 'bench-secret',
  name: 'bench',
  balances: { USD: '1000000000', BTC: '1000000', ETH: '1000000', USDT: '1000000000' },
};

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function startClients(url: string): Promise<ChildProcess> {
  const child = fork(join(import.meta.dirname, 'ws-clients.ts'), [url, String(SOCKETS), 'BTC_USD'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (m: { kind: string }) => {
      if (m.kind === 'ready') resolve();
    });
  });
  return child;
}

async function report(
  child: ChildProcess,
): Promise<{ t: Map<number, number>; d: Map<number, number>; frames: number }> {
  return new Promise((resolve) => {
    const on = (m: { kind: string; t: Array<[number, number]>; d: Array<[number, number]>; frames: number }) => {
      if (m.kind !== 'report') return;
      child.off('message', on);
      resolve({ t: new Map(m.t), d: new Map(m.d), frames: m.frames });
    };
    child.on('message', on);
    child.send({ kind: 'report' });
  });
}

export async function fanout(): Promise<void> {
  const ex = await startPaperExchange({ port: 0, seed: 11, simIntervalMs: 50, accounts: [BENCH_ACCOUNT] });
  const child = await startClients(`${ex.url.replace('http', 'ws')}/ws`);
  const me = ex.core.accounts.byApiKey(BENCH_ACCOUNT.key)?.id as number;
  await report(child); // reset counters after the subscription burst
  const committedAt = new Map<number, number>();
  /** The server's own share: delivering the change, i.e. encoding and writing every frame to every socket. */
  const serverMs: number[] = [];
  const cpu0 = process.cpuUsage();
  const started = wall();
  for (let i = 0; i < PROBES; i++) {
    // A small buy at the best ask: one fill against the simulated maker, so the change has a d and a t.
    const ask = ex.core.exchange.bookOf('BTC_USD').bestAsk();
    if (!Number.isNaN(ask)) {
      const r = ex.core.place(
        {
          accountId: me,
          pair: 'BTC_USD',
          side: i % 2 === 0 ? 'BUY' : 'SELL',
          type: 'MARKET',
          tif: 'IOC',
          walletType: 'SPOT',
          amount: '0.0001',
        },
        Date.now(),
      );
      const t0 = wall();
      ex.core.deliverCommitted();
      serverMs.push(wall() - t0);
      for (const t of r.trades) committedAt.set(t.id, t0);
    }
    await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
  }
  // Let the last frames arrive.
  await new Promise((r) => setTimeout(r, 300));
  const elapsed = (wall() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const got = await report(child);
  const dLat: number[] = [];
  const tLat: number[] = [];
  let missing = 0;
  for (const [id, t0] of committedAt) {
    const t = got.t.get(id);
    const d = got.d.get(id);
    if (t === undefined || d === undefined) {
      missing++;
      continue;
    }
    tLat.push(t - t0);
    dLat.push(d - t0);
  }
  dLat.sort((a, b) => a - b);
  serverMs.sort((a, b) => a - b);
  tLat.sort((a, b) => a - b);
  const cpuPct = ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100;
  console.log(
    `ws fan-out: ${SOCKETS} sockets on diff.BTC_USD + trade.BTC_USD, simulator every 50 ms, ${committedAt.size} probe fills (load ${load()})`,
  );
  console.log(`  commit -> d at last socket   p50 ${pct(dLat, 50).toFixed(2)} ms   p99 ${pct(dLat, 99).toFixed(2)} ms`);
  console.log(
    `  commit -> t at last socket   p50 ${pct(tLat, 50).toFixed(2)} ms   p99 ${pct(tLat, 99).toFixed(2)} ms   (goal p99 < 5 ms)`,
  );
  console.log(
    `  server fan-out (deliver)     p50 ${pct(serverMs, 50).toFixed(2)} ms   p99 ${pct(serverMs, 99).toFixed(2)} ms   (encode once, write to ${SOCKETS} sockets)`,
  );
  console.log(
    `  frames received              ${fmt(got.frames / elapsed)} frames/s over all sockets${missing > 0 ? `, ${missing} probes unseen` : ''}`,
  );
  console.log(
    `  server CPU                   ${cpuPct.toFixed(1)} % of one core (user ${fmt(cpu.user / 1000)} ms, system ${fmt(cpu.system / 1000)} ms in ${elapsed.toFixed(1)} s)`,
  );
  child.send({ kind: 'exit' });
  await ex.close();
}

/** Orders/s through HTTP on POST /api/v3/trading/order (and the documented POST /api/v3/orders). */
export async function restThroughput(statePath?: string): Promise<void> {
  const ex: PaperExchangeInternals = await startPaperExchange({
    port: 0,
    simulate: false,
    accounts: [BENCH_ACCOUNT],
    limits: { privatePerSecond: Number.POSITIVE_INFINITY, publicPerSecond: Number.POSITIVE_INFINITY },
    ...(statePath !== undefined ? { statePath } : {}),
  });
  const login = await fetch(`${ex.url}/api/v3/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: BENCH_ACCOUNT.key, api_secret: BENCH_ACCOUNT.secret }),
  });
  const token = (await login.json()) as string;
  const n = statePath === undefined ? 4000 : 1000;
  const inFlight = 16;
  for (const [label, path, body] of [
    [
      'current POST /api/v3/trading/order',
      '/api/v3/trading/order',
      (i: number) => ({
        pair: 'BTC_USD',
        order_type: 'LIMIT',
        order_side: i % 2 ? 'BID' : 'ASK',
        limit_price: i % 2 ? 50000 - (i % 500) : 70000 + (i % 500),
        base_amount: 0.001,
      }),
    ],
    [
      'documented POST /api/v3/orders',
      '/api/v3/orders',
      (i: number) => ({
        pair: 'BTC_USD',
        order_type: 'LIMIT',
        order_side: i % 2 ? 'BUY' : 'SELL',
        limit_price: i % 2 ? 50000 - (i % 500) : 70000 + (i % 500),
        base_amount: 0.001,
      }),
    ],
  ] as const) {
    let next = 0;
    let failed = 0;
    // node:http with keep-alive: a lighter client than fetch, so the figure is mostly the server's.
    const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
    const post = (raw: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request(
          `${ex.url}${path}`,
          {
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(raw),
              'x-sign': createHmac('sha256', BENCH_ACCOUNT.secret).update(raw).digest('hex'),
            },
          },
          (res) => {
            res.on('error', reject);
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(raw);
      });
    const worker = async (): Promise<void> => {
      while (next < n) {
        if ((await post(JSON.stringify(body(next++)))) !== 201) failed++;
      }
    };
    // Warm up (JIT, connections) before timing, so the first path measured is not the slow one.
    await Promise.all(Array.from({ length: inFlight }, worker));
    next = 0;
    failed = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: inFlight }, worker));
    const s = (performance.now() - t0) / 1000;
    agent.destroy();
    console.log(
      `  ${label.padEnd(36)} ${fmt(n / s)} orders/s  (${n} orders, ${inFlight} in flight${statePath !== undefined ? ', journal fsynced per order' : ', in memory'}${failed > 0 ? `, ${failed} refused` : ''})`,
    );
  }
  await ex.close();
}

export default async function run(): Promise<void> {
  await fanout();
  console.log(`REST order path, limits lifted (load ${load()})`);
  await restThroughput();
  const dir = join(tmpdir(), `paper-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    await restThroughput(join(dir, 'state.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
