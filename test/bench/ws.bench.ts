/**
 * WebSocket fan-out: 200 sockets subscribed to diff.BTC_USD and trade.BTC_USD (in 2 child processes, with their own
 * event loops and CPU accounts) while the simulator trades; probe orders that cross the book are placed at a steady
 * rate and timed from the commit point (just before the change is delivered) to the `d` and `t` frames received by
 * the LAST socket, on one clock (process.hrtime: CLOCK_MONOTONIC, system-wide). Beside it the floor of this
 * machine: one bare 8-byte write per socket to 200 plain TCP sockets held by the same client processes, timed the
 * same way. Prints p50/p99, frames/s and the server's CPU (per change, and in all); goal p99 < 5 ms at 200 sockets.
 * Then the REST order path's throughput (orders/s through HTTP, limits lifted). Asserts nothing.
 */
import { createHmac } from 'node:crypto';
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { type Server, type Socket, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type PaperExchangeInternals, startPaperExchange } from '../../main/paper/index';
import { type ClientsConfig, type FromClients, type ToClients, clockMs } from './ws-clients';

/** Subscribed sockets (WS_BENCH_SOCKETS to see how the figures scale with them). */
const SOCKETS = Number(process.env.WS_BENCH_SOCKETS ?? 200);
/** Processes the client sockets are spread over (WS_BENCH_CLIENT_PROCESSES to try others). */
const CLIENT_PROCESSES = Number(process.env.WS_BENCH_CLIENT_PROCESSES ?? 2);
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

/** CPU time (ms, microsecond resolution) of this process: the server's alone, as the clients are processes. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

interface ClientProcess {
  child: ChildProcess;
  ask: (m: ToClients) => Promise<FromClients>;
}

async function startClientProcess(cfg: ClientsConfig): Promise<ClientProcess> {
  // tsx resolved from this file, so the child finds it whatever the working directory.
  const child = fork(fileURLToPath(new URL('./ws-clients.ts', import.meta.url)), [JSON.stringify(cfg)], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (): Promise<FromClients> =>
    new Promise((resolve, reject) => {
      const failed = (e: unknown): void => reject(e instanceof Error ? e : new Error(`client process ${String(e)}`));
      child.once('error', failed);
      child.once('exit', failed);
      child.once('message', (m: FromClients) => {
        child.off('error', failed);
        child.off('exit', failed);
        resolve(m);
      });
    });
  await next(); // 'ready'
  return {
    child,
    ask: (m) => {
      const answer = next();
      child.send(m);
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

/** Every client process's report merged: per id the latest time over all sockets of all processes. */
async function collect(clients: ClientProcess[]): Promise<Reports> {
  const out: Reports = { t: new Map(), d: new Map(), raw: new Map(), frames: 0 };
  const latest = (into: Map<number, number>, from: Array<[number, number]>): void => {
    for (const [id, at] of from) if ((into.get(id) ?? 0) < at) into.set(id, at);
  };
  for (const r of await Promise.all(clients.map((c) => c.ask({ kind: 'report' })))) {
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
  const clients = await Promise.all(
    Array.from({ length: CLIENT_PROCESSES }, (_, i) => {
      const count = Math.floor(SOCKETS / CLIENT_PROCESSES) + (i < SOCKETS % CLIENT_PROCESSES ? 1 : 0);
      return startClientProcess({ url, count, pair: 'BTC_USD', rawPort: raw.port });
    }),
  );
  const account = ex.core.accounts.byApiKey(BENCH_ACCOUNT.key);
  if (account === undefined) throw new Error('bench account missing');
  await collect(clients); // reset counters after the subscription burst
  const committedAt = new Map<number, number>();
  /** The server's own share: delivering the change, i.e. encoding and writing every frame to every socket. */
  const serverMs: number[] = [];
  const serverCpuMs: number[] = [];
  const cpu0 = process.cpuUsage();
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
      const c0 = cpuMs();
      const t0 = clockMs();
      ex.core.deliverCommitted();
      serverMs.push(clockMs() - t0);
      serverCpuMs.push(cpuMs() - c0);
      for (const t of r.trades) committedAt.set(t.id, t0);
    }
    await sleep(PROBE_EVERY_MS);
  }
  // Let the last frames arrive.
  await sleep(300);
  const elapsed = (clockMs() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const got = await collect(clients);

  // The floor, after the probes (so neither disturbs the other), simulator still running: the same client
  // processes hold as many plain TCP sockets, and each round writes 8 bytes to each of them.
  const rawSentAt = new Map<number, number>();
  const rawWriteMs: number[] = [];
  const rawCpuMs: number[] = [];
  const record = Buffer.alloc(8);
  for (let i = 0; i < FLOOR_ROUNDS; i++) {
    record.writeBigUInt64LE(BigInt(i));
    const c0 = cpuMs();
    const r0 = clockMs();
    for (const s of raw.sockets) s.write(record);
    rawWriteMs.push(clockMs() - r0);
    rawCpuMs.push(cpuMs() - c0);
    rawSentAt.set(i, r0);
    await sleep(PROBE_EVERY_MS);
  }
  await sleep(300);
  const floor = await collect(clients);
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
    `ws fan-out: ${SOCKETS} sockets on diff.BTC_USD + trade.BTC_USD in ${CLIENT_PROCESSES} client processes, simulator every 50 ms, ${committedAt.size} probe fills (load ${load()})`,
  );
  line('commit -> d at last socket', dLat);
  line('commit -> t at last socket', tLat, '   (goal p99 < 5 ms)');
  line('server fan-out (deliver)', serverMs, `   (encode once, write to ${SOCKETS} sockets)`);
  line('  its CPU time', serverCpuMs, '   (the server process alone: no wait for a core in it)');
  line('floor: 1 bare write x sockets', rawWriteMs, `   (plain TCP, ${SOCKETS} sockets, same clients)`);
  line('  its CPU time', rawCpuMs);
  line('floor: write -> last socket', rawLat);
  const missing = Math.max(dMissing, tMissing);
  console.log(
    `  frames received                ${fmt(got.frames / elapsed)} frames/s over all sockets${missing > 0 ? `, ${missing} probes unseen` : ''}`,
  );
  const pctOf = (ms: number): string => `${((ms / (elapsed * 1000)) * 100).toFixed(1)} %`;
  const all = (cpu.user + cpu.system) / 1000;
  console.log(
    `  server CPU                     ${pctOf(all)} of one core (user ${fmt(cpu.user / 1000)} ms, system ${fmt(cpu.system / 1000)} ms in ${elapsed.toFixed(1)} s)`,
  );
  await Promise.all(
    clients.map((c) => {
      const gone = new Promise((r) => c.child.once('exit', r));
      c.child.send({ kind: 'exit' } satisfies ToClients);
      return gone;
    }),
  );
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
