import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { http, nodeSerialize } from './helpers';
import { createHmac } from 'node:crypto';
import { mulberry32 } from '../../main/paper/random';

const ROOT = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];

/**
 * Starts the CLI as a child process and resolves with its URL once it prints "listening on". Node runs
 * the server itself with tsx as a loader (`--import tsx`), so the pid we hold, and SIGKILL, is the server's
 * (tsx's own CLI would be a wrapper around a second process that outlives the kill).
 */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/paper/cli.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m !== null) resolve({ child, url: m[1] as string, out: () => out });
    });
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
  });
}

/** True while a process with this pid exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of processes whose command line mentions `needle` (the test's own state directory). */
function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** SIGKILLs the server and waits until it is gone: the pid no longer exists, nothing else runs on its state. */
function killed(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  }).then(() => {
    expect(alive(child.pid as number)).toBe(false);
  });
}

let nonce = Date.now();
function signed(url: string, path: string, payload?: Record<string, string>, key = 'k', secret = 's') {
  const body = payload === undefined ? '' : nodeSerialize(payload);
  const headers = {
    'X-KEY': key,
    'X-SIGN': createHmac('sha256', secret).update(`${key}${body}`).digest('hex'),
    'X-NONCE': String(++nonce),
  };
  return payload === undefined
    ? http(url + path, { headers })
    : http(url + path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('durability', () => {
  it('keeps every acknowledged balance, order and trade across a SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-state-'));
    const state = join(dir, 'state.json');
    const args = ['--port', '0', '--no-sim', '--state', state, '--account', 'k:s:USD=100000,BTC=1'];
    const first = await startCli(args);
    const acked: number[] = [];
    for (const [type, price, amount] of [
      ['sell', '60000', '0.3'],
      ['buy', '60000', '0.1'],
      ['buy', '59000', '0.05'],
      ['sell', '61000', '0.2'],
    ] as const) {
      const r = await signed(first.url, '/api/v1/order/', { type, pair: 'BTC_USD', amount, price });
      expect(r.status).toBe(200);
      acked.push((r.body as { oid: number }).oid);
      await pause(550); // stay under 2 private calls per second
    }
    const cancel = await signed(first.url, '/api/v1/order-cancel/', { order: String(acked[2]) });
    expect(cancel.status).toBe(200);
    await pause(550);
    const walletsBefore = (await signed(first.url, '/api/v1/wallets/')).body;
    await pause(550);
    const ordersBefore = (await signed(first.url, '/api/v1/orders/own/')).body;
    const tradesBefore = (await http(`${first.url}/api/v1/exchanges/`)).body;
    await killed(first.child);

    const second = await startCli(args);
    await pause(550);
    expect((await signed(second.url, '/api/v1/wallets/')).body).toEqual(walletsBefore);
    await pause(550);
    expect((await signed(second.url, '/api/v1/orders/own/')).body).toEqual(ordersBefore);
    expect((await http(`${second.url}/api/v1/exchanges/`)).body).toEqual(tradesBefore);
    expect((tradesBefore as unknown[]).length).toBe(1);
    expect((ordersBefore as Array<{ id: number }>).map((o) => o.id).sort()).toEqual([...acked].sort());
    // The book was rebuilt: a crossing buy fills against the resting sell from before the crash.
    await pause(550);
    const fill = await signed(second.url, '/api/v1/order/', {
      type: 'buy',
      pair: 'BTC_USD',
      amount: '0.2',
      price: '60000',
    });
    expect(fill.status, fill.text).toBe(200);
    expect((fill.body as { trades: Array<{ o_id: number }> }).trades[0]?.o_id).toBe(acked[0]);
    await killed(second.child);
  });

  it('survives 20 SIGKILLs at random points, during snapshot writes too: every acknowledged order and cancel stays, with its id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-kill-'));
    const state = join(dir, 'state.json');
    const keys = ['ka', 'kb', 'kc'];
    // Simulation on and a tiny snapshot threshold checked every 20 ms: snapshots are written all the time.
    const args = ['--port', '0', '--state', state, '--snapshot-bytes', '256', '--compact-ms', '20'];
    for (const k of keys) args.push('--account', `${k}:${k}-secret:USD=10000000,BTC=1000`);
    const rnd = mulberry32(2024);
    /** Acknowledged orders: the status they must have after any restart ("either" while a cancel went unanswered). */
    const expected = new Map<number, { key: string; want: '1' | '2' | 'either' }>();
    let duringSnapshot = 0;
    const verify = async (url: string): Promise<void> => {
      const rows = await Promise.all(keys.map((k) => signed(url, '/api/v1/orders/own/', undefined, k, `${k}-secret`)));
      const status = new Map<number, string>();
      for (const r of rows) {
        expect(r.status, r.text).toBe(200);
        for (const o of r.body as Array<{ id: number; status: number }>) status.set(o.id, String(o.status));
      }
      for (const [id, e] of expected) {
        expect(status.has(id), `acknowledged order ${id} missing after restart`).toBe(true);
        if (e.want !== 'either') expect(status.get(id), `order ${id}`).toBe(e.want);
      }
    };
    for (let round = 0; round < 20; round++) {
      const srv = await startCli(args);
      await verify(srv.url);
      await pause(520); // the verification used each account's private budget
      let stop = false;
      const traders = keys.map(async (key) => {
        while (!stop) {
          const mine = [...expected].filter(([, e]) => e.key === key && e.want === '1').map(([id]) => id);
          const cancel = mine.length > 0 && rnd() < 0.35 ? (mine[Math.floor(rnd() * mine.length)] as number) : 0;
          try {
            if (cancel !== 0) {
              (expected.get(cancel) as { want: string }).want = 'either';
              const r = await signed(srv.url, '/api/v1/order-cancel/', { order: String(cancel) }, key, `${key}-secret`);
              if (r.status === 200) (expected.get(cancel) as { want: string }).want = '2';
            } else {
              // Far from the simulated market: these orders rest untouched, so their status is known.
              const buy = rnd() < 0.5;
              const r = await signed(
                srv.url,
                '/api/v1/order/',
                { type: buy ? 'buy' : 'sell', pair: 'BTC_USD', amount: '0.01', price: buy ? '30000' : '90000' },
                key,
                `${key}-secret`,
              );
              if (r.status === 200) expected.set((r.body as { oid: number }).oid, { key, want: '1' });
            }
          } catch {
            return; // the server was killed under this request: it was never acknowledged
          }
          await pause(520);
        }
      });
      if (round % 2 === 1) {
        // Kill exactly while a snapshot is being written (its temp file exists).
        const deadline = Date.now() + 20_000;
        while (!existsSync(`${state}.tmp`) && Date.now() < deadline) await new Promise((r) => setImmediate(r));
        if (existsSync(`${state}.tmp`)) duringSnapshot++;
      } else await pause(200 + Math.floor(rnd() * 1200));
      await killed(srv.child);
      stop = true;
      await Promise.all(traders);
    }
    expect(duringSnapshot).toBeGreaterThanOrEqual(5);
    expect(expected.size).toBeGreaterThan(20);
    // The same state starts once more, keeps everything, and closes cleanly.
    const last = await startCli(args);
    await verify(last.url);
    await new Promise<void>((resolve) => {
      last.child.once('exit', () => resolve());
      last.child.kill('SIGTERM');
    });
    expect(alive(last.child.pid as number)).toBe(false);
    expect(processesMentioning(dir)).toEqual([]);
  }, 600_000);

  it('cuts a torn last record at start, so what is appended after it survives the next kill and start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-torn-'));
    const state = join(dir, 'state.json');
    const journal = `${state}.journal`;
    const args = ['--port', '0', '--no-sim', '--state', state, '--account', 'k:s:USD=100000,BTC=1'];
    const acked: number[] = [];
    const place = async (url: string, price: string): Promise<void> => {
      await pause(550);
      const r = await signed(url, '/api/v1/order/', { type: 'buy', pair: 'BTC_USD', amount: '0.01', price });
      expect(r.status, r.text).toBe(200);
      acked.push((r.body as { oid: number }).oid);
    };
    const ownIds = async (url: string): Promise<number[]> => {
      await pause(550);
      const r = await signed(url, '/api/v1/orders/own/');
      expect(r.status, r.text).toBe(200);
      return (r.body as Array<{ id: number }>).map((o) => o.id).sort((a, b) => a - b);
    };
    // Killed in the middle of writing a record: its first bytes are left at the journal's end, no line end.
    const first = await startCli(args);
    await place(first.url, '100');
    await killed(first.child);
    appendFileSync(journal, '{"s":99,"cmd":{"c":"place","input":{"pair":"TORN');
    const second = await startCli(args);
    expect(await ownIds(second.url)).toEqual(acked);
    expect(readFileSync(journal, 'utf8')).not.toContain('TORN');
    await place(second.url, '101');
    await killed(second.child);
    // Killed after a whole record but before its line end.
    writeFileSync(journal, readFileSync(journal, 'utf8').replace(/\n$/, ''));
    const third = await startCli(args);
    expect(await ownIds(third.url)).toEqual(acked);
    await place(third.url, '102');
    await killed(third.child);
    // Every line of the journal is a whole record, and the next start reads all of it.
    for (const line of readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l !== ''))
      expect(() => JSON.parse(line)).not.toThrow();
    const fourth = await startCli(args);
    expect(fourth.out()).not.toMatch(/state reset/);
    expect(await ownIds(fourth.url)).toEqual(acked);
    expect(acked).toHaveLength(3);
    await killed(fourth.child);
    expect(readdirSync(dir).filter((f) => f.includes('unreadable'))).toEqual([]);
  });

  it('never writes an API secret to disk; a key works again only once registered anew', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paper-state-'));
    const state = join(dir, 'state.json');
    const secret = 'DURABLE-SECRET-4711';
    const first = await startCli(['--port', '0', '--no-sim', '--state', state, '--account', `dk:${secret}:USD=100`]);
    expect((await signed(first.url, '/api/v1/wallets/', undefined, 'dk', secret)).status).toBe(200);
    await killed(first.child);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8'), file).not.toContain(secret);

    // Restarted without registering the key: neither the old secret nor an empty one is accepted.
    const second = await startCli(['--port', '0', '--no-sim', '--state', state]);
    expect((await signed(second.url, '/api/v1/wallets/', undefined, 'dk', secret)).status).toBe(401);
    await pause(550);
    expect((await signed(second.url, '/api/v1/wallets/', undefined, 'dk', '')).status).toBe(401);
    await killed(second.child);
  });
});
