/**
 * Pause and resume by the trader, and `paused: rate limited`, on the paper core with a virtual clock: a held
 * algo places nothing (its resting child stays on the book and its fills are still counted); a call waiting in a
 * full rate-limit queue, or refused with 429, pauses the algo as rate limited, and it resumes by itself.
 */
import { rm } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import type { AlgoClient } from '../../main/algos/engine';
import { ApiError } from '../../main/api/errors';
import type { IcebergDefinition } from '../../preload/domain';
import { coreClient, newCore } from './core-client';
import { tempDir } from './helpers';
import { fundedAccount, sellIoc, VirtualTimers, virtualEngine } from './virtual-venue';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function setup(wrap: (c: AlgoClient) => AlgoClient = (c) => c) {
  const dir = await tempDir();
  dirs.push(dir);
  const timers = new VirtualTimers();
  const core = newCore(timers.now());
  const me = fundedAccount(core, 'a', timers.now());
  const other = fundedAccount(core, 'b', timers.now());
  const engine = virtualEngine(wrap(coreClient(core, me, timers.now)), dir, timers);
  await engine.start();
  const sell = (amount: string) => sellIoc(core, other, '50000', amount, timers.now());
  const step = async (ms = 600) => {
    timers.advance(ms);
    await engine.settle();
  };
  return { engine, core, timers, sell, step };
}

/** A buy iceberg of 0.02 BTC shown 0.01 at a time at `price`: two children, one after the other. */
const twoPartIceberg = (price: string): IcebergDefinition => ({
  type: 'iceberg',
  pair: 'BTC_USD',
  side: 'buy',
  total: '0.02',
  visible: '0.01',
  price,
});

it('a paused algo places nothing, still counts its resting child’s fills, and continues on resume', async () => {
  const { engine, core, sell, step } = await setup();
  const a = await engine.create(twoPartIceberg('50000'));
  await step(0);
  const mine = () => [...core.state.orders.values()].filter((o) => o.clientOrderId.startsWith(a.id));
  expect(mine()).toHaveLength(1);
  const paused = await engine.pause(a.id);
  expect(paused.status.label).toBe('paused: by the trader');
  sell('0.01');
  for (let i = 0; i < 10; i++) await step();
  const view = engine.list()[0];
  expect([view?.filled, view?.status.label, mine().length]).toEqual(['0.01', 'paused: by the trader', 1]);
  await engine.resume(a.id);
  for (let i = 0; i < 3; i++) await step();
  expect(mine()).toHaveLength(2);
  sell('0.01');
  for (let i = 0; i < 3; i++) await step();
  expect(engine.list()[0]?.status.kind).toBe('done');
  await engine.stop();
});

it('a call stuck behind a full rate-limit queue, then a 429, show paused: rate limited; it resumes by itself', async () => {
  const gate: { open: (() => void) | null } = { open: null };
  let refuse = false;
  let queued = 0;
  const { engine, step, timers } = await setup((c) => ({
    ...c,
    privateBudget: () => ({ limit: 2, windowMs: 1000, used: 2, queued }),
    async ordersV3(q) {
      if (refuse)
        throw new ApiError({ kind: 'rate_limit', operation: 'orders', message: 'orders: 429 too many requests' });
      if (queued > 0)
        await new Promise<void>((r) => {
          gate.open = r;
        });
      return c.ordersV3(q);
    },
  }));
  const a = await engine.create(twoPartIceberg('40000'));
  await step(0);
  queued = 5;
  timers.advance(600);
  await Promise.resolve();
  timers.advance(4_000);
  expect(engine.list()[0]?.status.label).toBe('paused: rate limited');
  queued = 0;
  gate.open?.();
  await engine.settle();
  await step();
  expect(engine.list()[0]?.status.kind).toBe('running');
  refuse = true;
  await step();
  expect(engine.list()[0]?.status.label).toBe('paused: rate limited');
  refuse = false;
  await step();
  expect(engine.list().find((x) => x.id === a.id)?.status.kind).toBe('running');
  await engine.stop();
});
