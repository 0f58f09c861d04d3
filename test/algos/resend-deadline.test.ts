/**
 * A child left 'sending' is never sent again while its first request could still be accepted. The venue here does
 * not dedupe client order ids (each attempt goes out under its own wire id, so two attempts of one child would be
 * two orders), and the first request arrives late: after the moment the engine used to re-send (3 s), before or
 * after its `valid_till`. Either way the exchange holds the child exactly once, and a re-send happens only after
 * a read that began past the journaled deadline.
 *   - in one process: the client answers 'unknown' at once (a gateway error) while the request is delayed on the way;
 *   - across a crash: a proxy holds the order request of an engine process that is then killed with SIGKILL, and an
 *     engine restarted from its journal takes over while the request is still on its way.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlgoClient } from '../../main/algos/engine';
import type { AlpClient, OrderRequestV3 } from '../../main/api/types';
import type { PaperExchangeInternals } from '../../main/paper';
import type { AlgoDefinition } from '../../preload/domain';
import { type HoldingProxy, startHoldingProxy } from '../support/holding-proxy';
import { TEST_DEADLINES } from './deadlines';
import { clientOf, exchangeChildren, startEngine, startVenue, TRADER, tempDir, until } from './helpers';

const fixture = fileURLToPath(new URL('./fixtures/engine-process.ts', import.meta.url));

let paper: PaperExchangeInternals;
const dirs: string[] = [];
const proxies: HoldingProxy[] = [];

beforeAll(async () => {
  // No rate limit on the venue: a late request is judged on its deadline alone, never refused for the budget.
  paper = await startVenue({ limits: { privatePerSecond: Number.POSITIVE_INFINITY } });
});

afterAll(async () => {
  for (const p of proxies) await p.close();
  await paper?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** One resting child (nothing sells at 1000), so the algo's only order is child 1. */
const ONE_CHILD = (price: string): AlgoDefinition => ({
  type: 'iceberg',
  pair: 'BTC_USD',
  side: 'buy',
  total: '0.01',
  visible: '0.01',
  price,
});

interface Send {
  clientOrderId: string;
  at: number;
}

/**
 * The engine's client on a venue that does not dedupe client order ids: attempt n of a child goes out as
 * `<id>~<n>` and reads back as `<id>`. `first` decides what happens to the first attempt of each child (default:
 * sent as usual). Every read records when it began and ended.
 */
function nonDeduping(real: AlpClient, first?: (o: OrderRequestV3 & { clientOrderId: string }) => Promise<unknown>) {
  const sends: Send[] = [];
  const reads: { startedAt: number; endedAt: number | null }[] = [];
  const attempts = new Map<string, number>();
  const client: AlgoClient = {
    pairs: (q) => real.pairs(q),
    tickers: (q) => real.tickers(q),
    accountTrades: (q) => real.accountTrades(q),
    cancelOrdersV3: (q) => real.cancelOrdersV3(q),
    privateBudget: () => real.privateBudget(),
    async ordersV3(q) {
      const read = { startedAt: Date.now(), endedAt: null as number | null };
      reads.push(read);
      const orders = await real.ordersV3(q);
      read.endedAt = Date.now();
      return orders.map((o) => ({ ...o, clientOrderId: o.clientOrderId?.replace(/~\d+$/, '') ?? null }));
    },
    async placeOrderV3(o) {
      const cid = o.clientOrderId ?? '';
      const n = (attempts.get(cid) ?? 0) + 1;
      attempts.set(cid, n);
      sends.push({ clientOrderId: cid, at: Date.now() });
      const wire = { ...o, clientOrderId: `${cid}~${n}` };
      if (n === 1 && first) {
        await first(wire);
        return { outcome: 'unknown', orderId: null, clientOrderId: cid, order: null, fills: [], message: 'HTTP 502' };
      }
      const res = await real.placeOrderV3(wire);
      return { ...res, clientOrderId: cid };
    },
  };
  /** Waits until a read that began after `at` has answered (the engine then decides on what it saw). */
  const readAfter = (at: number) =>
    until('a read of the children begun after the deadline', () =>
      reads.some((r) => r.startedAt > at && r.endedAt !== null),
    );
  return { client, sends, readAfter };
}

async function journaledChild(dir: string, id: string) {
  const record = JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as {
    children: { seq: number; state: string; placedAt: number; resendAfter?: number }[];
  };
  const child = record.children[0];
  if (!child) throw new Error('child 1 was not journaled');
  return child;
}

describe('a child is never sent again while its first request could be accepted', () => {
  const timeoutMs = 6_000;
  const deadlines = { ...TEST_DEADLINES, clientTimeoutMs: timeoutMs };

  for (const late of [
    { name: 'arrives 4 s late, before its valid_till: found, never sent again', delayMs: 4_000, accepted: true },
    {
      name: 'arrives after its valid_till: refused; sent again once, after the deadline',
      delayMs: 7_000,
      accepted: false,
    },
  ]) {
    it(`answer unknown at once, the request ${late.name}`, async () => {
      const dir = await tempDir();
      dirs.push(dir);
      const real = clientOf(paper.url, TRADER, timeoutMs);
      let delivered: boolean | null = null;
      const venue = nonDeduping(real, async (wire) => {
        // The request is on its way; the venue refuses it once its valid_till (send + the timeout) has passed.
        const validTill = Date.now() + timeoutMs;
        setTimeout(() => {
          if (Date.now() > validTill) delivered = false;
          else void real.placeOrderV3(wire).then(() => (delivered = true));
        }, late.delayMs);
      });
      const t = await startEngine(venue.client, dir, deadlines);
      const { id } = await t.engine.create(ONE_CHILD(late.accepted ? '1001' : '1002'));
      await until('the first attempt answered unknown', () => venue.sends.length === 1 && t.engine.list()[0]);
      const first = venue.sends[0] as Send;
      await until('the late request reached the venue or was refused', () => delivered !== null, 30_000);
      expect(delivered).toBe(late.accepted);
      // The engine's deadline: the unknown answer came at once, so at most its time + the timeout + the skew.
      await venue.readAfter(first.at + timeoutMs + deadlines.clockSkewMs + 500);
      await t.engine.settle();
      await until('child 1 on the exchange', () => exchangeChildren(paper, id).length > 0);
      await t.engine.settle();

      const onExchange = exchangeChildren(paper, id);
      expect(onExchange.map((o) => o.clientOrderId)).toEqual([`${id}-1~${late.accepted ? 1 : 2}`]);
      expect(venue.sends.map((s) => s.clientOrderId)).toEqual(late.accepted ? [`${id}-1`] : [`${id}-1`, `${id}-1`]);
      const again = venue.sends[1];
      if (again) expect(again.at - first.at).toBeGreaterThanOrEqual(timeoutMs + deadlines.clockSkewMs);
      expect(t.latest(id).children.map((c) => [c.seq, c.state])).toEqual([[1, 'open']]);
      await t.engine.stop();
    });
  }

  for (const late of [
    { name: 'arrives 4 s late, before its valid_till: found, never sent again', accepted: true },
    { name: 'arrives after the restarted engine sent it again: refused as expired', accepted: false },
  ]) {
    it(`killed with its request on the way, restarted from the journal; the request ${late.name}`, async () => {
      const dir = await tempDir();
      dirs.push(dir);
      const proxy = await startHoldingProxy({
        upstreamPort: paper.port,
        match: 'POST /api/v3/orders',
        mode: 'hold-request',
      });
      proxies.push(proxy);
      const crashTimeoutMs = 8_000;
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          PAPER_URL: proxy.url,
          JOURNAL_DIR: dir,
          ALGO_DEF: JSON.stringify(ONE_CHILD(late.accepted ? '1003' : '1004')),
          CRASH_AT: '0',
          CLIENT_TIMEOUT_MS: String(crashTimeoutMs),
          API_KEY: TRADER.key,
          API_SECRET: TRADER.secret,
        },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', () => {});
      const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_c, signal) => ok(signal)));
      await proxy.caught(); // the order request is on its way (held), the engine waits for its answer
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const id = /algo (\S+)/.exec(out)?.[1] ?? '';
      expect(id).not.toBe('');
      const journaled = await journaledChild(dir, id);
      expect(journaled.state).toBe('sending');
      // Journaled before the send: the queue allowance, the client's timeout and the skew.
      const resendAfter = journaled.resendAfter ?? 0;
      expect(resendAfter - journaled.placedAt).toBeGreaterThanOrEqual(
        TEST_DEADLINES.queueAllowanceMs + crashTimeoutMs + TEST_DEADLINES.clockSkewMs,
      );

      const venue = nonDeduping(clientOf(paper.url, TRADER));
      const t = await startEngine(venue.client, dir, TEST_DEADLINES);
      let answer: string;
      if (late.accepted) {
        // Past the 3 s after which the engine used to send it again; well before its valid_till.
        await until('4 s after the child was journaled', () => Date.now() >= journaled.placedAt + 4_000);
        answer = await proxy.release();
        expect(answer).toMatch(/^HTTP\/1\.1 201/);
        await venue.readAfter(resendAfter);
        await t.engine.settle();
        expect(venue.sends).toEqual([]);
        expect(exchangeChildren(paper, id).map((o) => o.clientOrderId)).toEqual([`${id}-1`]);
      } else {
        await until('sent again by the restarted engine', () => exchangeChildren(paper, id).length === 1, 30_000);
        expect(venue.sends).toHaveLength(1);
        expect((venue.sends[0] as Send).at).toBeGreaterThanOrEqual(resendAfter);
        answer = await proxy.release();
        expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
        expect(exchangeChildren(paper, id).map((o) => o.clientOrderId)).toEqual([`${id}-1~1`]);
      }
      await until('child 1 open', () => t.latest(id).children[0]?.state === 'open');
      expect(t.latest(id).children.map((c) => [c.seq, c.state])).toEqual([[1, 'open']]);
      await t.engine.stop();
    });
  }
});
