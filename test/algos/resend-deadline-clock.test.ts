/**
 * The resend deadline on a virtual clock, over the paper core: while an order call is pending (its request may be
 * waiting in the client's rate-limit queue for any time), the journal always holds a deadline past the
 * `valid_till` a request dispatched at that moment would carry; and a cancelled algo whose child stayed unknown
 * finishes once a read after the deadline shows the exchange does not hold it, without sending it again.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AlgoClient } from '../../main/algos/engine';
import type { PlaceOrderResult } from '../../preload/domain';
import { coreClient, newCore } from './core-client';
import { tempDir, until } from './helpers';
import { fundedAccount, VirtualTimers, virtualEngine } from './virtual-venue';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const DEADLINES = { clientTimeoutMs: 10_000, clockSkewMs: 5_000, queueAllowanceMs: 5_000 };

async function setup(placeOrderV3: (real: AlgoClient) => AlgoClient['placeOrderV3']) {
  const dir = await tempDir();
  dirs.push(dir);
  const timers = new VirtualTimers();
  const core = newCore(timers.now());
  const me = fundedAccount(core, 'a', timers.now());
  const real = coreClient(core, me, timers.now);
  const sends: string[] = [];
  const place = placeOrderV3(real);
  const engine = virtualEngine(
    {
      ...real,
      placeOrderV3: (o) => {
        sends.push(o.clientOrderId ?? '');
        return place(o);
      },
    },
    dir,
    timers,
    DEADLINES,
  );
  await engine.start();
  const { id } = await engine.create({
    type: 'iceberg',
    pair: 'BTC_USD',
    side: 'buy',
    total: '0.01',
    visible: '0.01',
    price: '1000',
  });
  const journaled = async () => {
    const r = JSON.parse(await readFile(join(dir, `${id}.json`), 'utf8')) as {
      children: { state: string; resendAfter?: number }[];
    };
    return r.children[0];
  };
  const onExchange = () => [...core.state.orders.values()].filter((o) => o.clientOrderId.startsWith(`${id}-`));
  return { timers, engine, id, sends, journaled, onExchange };
}

it('a call pending for a minute (queued): the journaled deadline stays past any valid_till it could carry', async () => {
  let answer: (r: PlaceOrderResult) => void = () => {};
  const s = await setup((real) => (o) => {
    // The request waits in the queue; when it finally goes out, it is created.
    return new Promise<PlaceOrderResult>((ok) => (answer = ok)).then(() => real.placeOrderV3(o));
  });
  s.timers.advance(0);
  await until('child 1 handed to the client', () => s.sends.length === 1);
  for (let i = 0; i < 60; i++) {
    s.timers.advance(1_000);
    // Were it dispatched now, it would carry valid_till = now + timeout; judged with the skew.
    const covered = s.timers.now() + DEADLINES.clientTimeoutMs + DEADLINES.clockSkewMs;
    await until(`the journal covering a send at +${i + 1} s`, async () => {
      const c = await s.journaled();
      return c?.state === 'sending' && (c.resendAfter ?? 0) >= covered;
    });
  }
  answer({ outcome: 'created', orderId: null, clientOrderId: null, order: null, fills: [], message: null });
  await until('child 1 open', () => s.engine.list()[0]?.children[0]?.state === 'open');
  expect(s.sends).toEqual([`${s.id}-1`]);
  expect(s.onExchange()).toHaveLength(1);
  await s.engine.stop();
});

it('cancelled while its child is unknown: cancelled once a read after the deadline misses it, never sent again', async () => {
  const s = await setup(() => async (o) => ({
    // The request was lost on the way (a venue honouring valid_till will refuse it if it ever arrives).
    outcome: 'unknown',
    orderId: null,
    clientOrderId: o.clientOrderId ?? null,
    order: null,
    fills: [],
    message: 'The exchange did not confirm the order',
  }));
  s.timers.advance(0);
  await until('child 1 unknown', () => s.sends.length === 1 && s.engine.list()[0]?.lastAction.includes('checking'));
  await s.engine.settle();
  const answered = s.timers.now();
  const cancelling = s.engine.cancel(s.id);
  for (let t = 0; t < 30_000; t += 500) {
    s.timers.advance(500);
    await s.engine.settle();
    const v = s.engine.list()[0];
    // Before the deadline (answer + timeout + skew) the child may still arrive: the algo waits.
    if (s.timers.now() - 500 < answered + DEADLINES.clientTimeoutMs + DEADLINES.clockSkewMs)
      expect(v?.status.kind).not.toBe('cancelled');
    if (v?.status.kind === 'cancelled') break;
  }
  expect(s.engine.list()[0]?.status.kind).toBe('cancelled');
  const v = await cancelling;
  expect(v.children.map((c) => [c.seq, c.state])).toEqual([[1, 'not_created']]);
  expect(s.sends).toEqual([`${s.id}-1`]);
  expect(s.onExchange()).toHaveLength(0);
  await s.engine.stop();
});
