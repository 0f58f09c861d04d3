import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { http, nodeSerialize } from './helpers';
import { createHmac } from 'node:crypto';

const ROOT = new URL('../..', import.meta.url).pathname;
const children: ChildProcess[] = [];

/** Starts the CLI as a child process and resolves with its URL once it prints "listening on". */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'main/paper/cli.ts'), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m !== null) resolve({ child, url: m[1] as string });
    });
    child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${out}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
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
