/**
 * WebSocket fan-out: 200 sockets subscribed to diff.BTC_USD and trade.BTC_USD (in worker threads, with their own
 * event loops) while the simulator trades; probe orders that cross the book are placed at a steady rate and timed
 * from the commit point (just before the change is delivered) to the `d` and `t` frames received by the LAST
 * socket, on one clock (process.hrtime, shared by the threads). Beside it the floor of this machine: one bare
 * 8-byte write per socket to 200 plain TCP sockets held by the same client threads, timed the same way. Prints
 * p50/p99, frames/s and the server thread's CPU; goal p99 < 5 ms at 200 sockets. Then the REST order path's
 * throughput (orders/s through HTTP, limits lifted). Asserts nothing.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { type Server, type Socket, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type PaperExchangeInternals, startPaperExchange } from '../../main/paper/index';
import { type ClientsConfig, type FromClients, type ToClients, clockMs } from './ws-clients';

const SOCKETS = 200;
/** Threads the 200 client sockets are spread over (WS_BENCH_CLIENT_THREADS to try others). */
const CLIENT_THREADS = Number(process.env.WS_BENCH_CLIENT_THREADS ?? 2);
const PROBES = 400;
const PROBE_EVERY_MS = 10;
const FLOOR_ROUNDS = 200;
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
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * CPU time (ms) of this process's main thread alone, where the exchange runs (the client threads share the
 * process): Linux /proc, in clock ticks of 10 ms; null elsewhere.
 */
function mainThreadCpuMs(): { user: number; system: number } | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return null;
  }
}

/**
 * CPU time (ms, ns resolution) the calling thread has run: Linux's schedstat, NaN elsewhere. Unlike wall time
 * it does not grow while the thread waits for a core, so it shows the server's own cost even on a loaded box.
 */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

interface ClientThread {
  worker: Worker;
  ask: (m: ToClients) => Promise<FromClients>;
}

async function startClientThread(cfg: ClientsConfig): Promise<ClientThread> {
  // Node 20 does not apply `--import tsx` to a worker's entry module: the worker registers tsx, then imports.
  // Both resolved here, so the worker finds them whatever the working directory.
  const entry = JSON.stringify(new URL('./ws-clients.ts', import.meta.url).href);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const worker = new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`, {
    eval: true,
    workerData: cfg,
  });
  const next = (): Promise<FromClients> =>
    new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: FromClients) => {
        worker.off('error', reject);
        resolve(m);
      });
    });
  await next(); // 'ready'
  return {
    worker,
    ask: (m) => {
      const answer = next();
      worker.postMessage(m);
      return answer;
    },
  };
}

interface Reports {
  t: Map<number, number>;
  d: Map<number, number>;
  raw: Map<number, number>;
  frames: number;
}

/** Every thread's report merged: per id the latest time over all sockets of all threads. */
async function collect(threads: ClientThread[]): Promise<Reports> {
  const out: Reports = { t: new Map(), d: new Map(), raw: new Map(), frames: 0 };
  const latest = (into: Map<number, number>, from: Array<[number, number]>): void => {
    for (const [id, at] of from) if ((into.get(id) ?? 0) < at) into.set(id, at);
  };
  for (const r of await Promise.all(threads.map((t) => t.ask({ kind: 'report' })))) {
    if (r.kind !== 'report') continue;
    latest(out.t, r.t);
    latest(out.d, r.d);
    latest(out.raw, r.raw);
    out.frames += r.frames;
  }
  return out;
}

/** The floor's server: plain TCP, no protocol; the bench writes to every accepted socket. */
async function startRawServer(): Promise<{ server: Server; sockets: Socket[]; port: number }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    s.on('error', () => {});
    s.setNoDelay(true);
    sockets.push(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('raw server has no port');
  return { server, sockets, port: address.port };
}

export async function fanout(): Promise<void> {
  const ex = await startPaperExchange({ port: 0, seed: 11, simIntervalMs: 50, accounts: [BENCH_ACCOUNT] });
  const raw = await startRawServer();
  const url = `${ex.url.replace('http', 'ws')}/ws`;
  const threads = await Promise.all(
    Array.from({ length: CLIENT_THREADS }, (_, i) => {
      const count = Math.floor(SOCKETS / CLIENT_THREADS) + (i < SOCKETS % CLIENT_THREADS ? 1 : 0);
      return startClientThread({ url, count, pair: 'BTC_USD', rawPort: raw.port });
    }),
  );
  const account = ex.core.accounts.byApiKey(BENCH_ACCOUNT.key);
  if (account === undefined) throw new Error('bench account missing');
  await collect(threads); // reset counters after the subscription burst
  const committedAt = new Map<number, number>();
  /** The server's own share: delivering the change, i.e. encoding and writing every frame to every socket. */
  const serverMs: number[] = [];
  const serverCpuMs: number[] = [];
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const started = clockMs();
  for (let i = 0; i < PROBES; i++) {
    // A small buy at the best ask: one fill against the simulated maker, so the change has a d and a t.
    const ask = ex.core.exchange.bookOf('BTC_USD').bestAsk();
    if (!Number.isNaN(ask)) {
      const r = ex.core.place(
        {
          accountId: account.id,
          pair: 'BTC_USD',
          side: i % 2 === 0 ? 'BUY' : 'SELL',
          type: 'MARKET',
          tif: 'IOC',
          walletType: 'SPOT',
          amount: '0.0001',
        },
        Date.now(),
      );
      const c0 = threadCpuMs();
      const t0 = clockMs();
      ex.core.deliverCommitted();
      serverMs.push(clockMs() - t0);
      serverCpuMs.push(threadCpuMs() - c0);
      for (const t of r.trades) committedAt.set(t.id, t0);
    }
    await sleep(PROBE_EVERY_MS);
  }
  // Let the last frames arrive.
  await sleep(300);
  const elapsed = (clockMs() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  const got = await collect(threads);

  // The floor, after the probes (so neither disturbs the other), simulator still running: the same client
  // threads hold as many plain TCP sockets, and each round writes 8 bytes to each of them.
  const rawSentAt = new Map<number, number>();
  const rawWriteMs: number[] = [];
  const rawCpuMs: number[] = [];
  const record = Buffer.alloc(8);
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    record.writeBigUInt64LE(BigInt(i));
    const c0 = threadCpuMs();
    const r0 = clockMs();
    for (const s of raw.sockets) s.write(record);
    rawWriteMs.push(clockMs() - r0);
    rawCpuMs.push(threadCpuMs() - c0);
    rawSentAt.set(i, r0);
    await sleep(PROBE_EVERY_MS);
  }
  await sleep(300);
  const floor = await collect(threads);
  const latencies = (sent: Map<number, number>, received: Map<number, number>): [number[], number] => {
    const out: number[] = [];
    let missing = 0;
    for (const [id, t0] of sent) {
      const at = received.get(id);
      if (at === undefined) missing++;
      else out.push(at - t0);
    }
    return [out.sort((a, b) => a - b), missing];
  };
  const [dLat, dMissing] = latencies(committedAt, got.d);
  const [tLat, tMissing] = latencies(committedAt, got.t);
  const [rawLat] = latencies(rawSentAt, floor.raw);
  serverMs.sort((a, b) => a - b);
  serverCpuMs.sort((a, b) => a - b);
  rawWriteMs.sort((a, b) => a - b);
  rawCpuMs.sort((a, b) => a - b);
  const line = (label: string, sorted: number[], tail = ''): void =>
    console.log(
      `  ${label.padEnd(30)} p50 ${pct(sorted, 50).toFixed(2)} ms   p99 ${pct(sorted, 99).toFixed(2)} ms${tail}`,
    );
  console.log(
    `ws fan-out: ${SOCKETS} sockets on diff.BTC_USD + trade.BTC_USD in ${CLIENT_THREADS} client threads, simulator every 50 ms, ${committedAt.size} probe fills (load ${load()})`,
  );
  line('commit -> d at last socket', dLat);
  line('commit -> t at last socket', tLat, '   (goal p99 < 5 ms)');
  line('server fan-out (deliver)', serverMs, `   (encode once, write to ${SOCKETS} sockets)`);
  line('  its CPU time (thread)', serverCpuMs, '   (what it costs without waiting for a core)');
  line('floor: 1 bare write x sockets', rawWriteMs, `   (plain TCP, ${SOCKETS} sockets, same threads)`);
  line('  its CPU time (thread)', rawCpuMs);
  line('floor: write -> last socket', rawLat);
  const missing = Math.max(dMissing, tMissing);
  console.log(
    `  frames received                ${fmt(got.frames / elapsed)} frames/s over all sockets${missing > 0 ? `, ${missing} probes unseen` : ''}`,
  );
  const pctOf = (ms: number): string => `${((ms / (elapsed * 1000)) * 100).toFixed(1)} %`;
  const all = (cpu.user + cpu.system) / 1000;
  if (main0 !== null && main1 !== null) {
    const user = main1.user - main0.user;
    const system = main1.system - main0.system;
    console.log(
      `  server thread CPU              ${pctOf(user + system)} of one core (user ${fmt(user)} ms, system ${fmt(system)} ms in ${elapsed.toFixed(1)} s; client threads ${pctOf(all - user - system)})`,
    );
  } else {
    console.log(`  process CPU (server + clients) ${pctOf(all)} of one core in ${elapsed.toFixed(1)} s`);
  }
  for (const t of threads) t.worker.postMessage({ kind: 'exit' } satisfies ToClients);
  await Promise.all(threads.map((t) => new Promise((r) => t.worker.once('exit', r))));
  for (const s of raw.sockets) s.destroy();
  raw.server.close();
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
