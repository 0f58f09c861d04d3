/**
 * Property: for random TWAP and iceberg definitions, random counterparty fills (partial, whole, or more than a
 * child holds), random lost answers and dropped requests, and random engine restarts from the journal, the algo never fills more than its total, never
 * sends a client order id twice, and its own record equals what the exchange holds, child by child.
 * The exchange is the paper exchange's real core; time is virtual (no sleeps).
 */
import { rm } from 'node:fs/promises';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { IcebergDefinition, TwapDefinition } from '../../preload/domain';
import { coreClient, newCore } from './core-client';
import { tempDir } from './helpers';
import { fundedAccount, sellIoc, VirtualTimers, virtualEngine } from './virtual-venue';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const LOT = new Decimal('0.001');

const definitionArb: fc.Arbitrary<TwapDefinition | IcebergDefinition> = fc.oneof(
  fc
    .record({
      lots: fc.integer({ min: 2, max: 120 }),
      slices: fc.integer({ min: 1, max: 6 }),
      r: fc.integer({ min: 0, max: 5 }),
    })
    .filter(({ lots, slices }) => lots >= slices * 2)
    .map(({ lots, slices, r }) => ({
      type: 'twap' as const,
      pair: 'BTC_USD',
      side: 'buy' as const,
      total: LOT.times(lots).toFixed(),
      durationMs: slices * 2_000,
      slices,
      priceLimit: '50000',
      randomize: r / 10,
    })),
  fc
    .record({
      lots: fc.integer({ min: 2, max: 120 }),
      visible: fc.integer({ min: 2, max: 60 }),
      v: fc.integer({ min: 0, max: 5 }),
    })
    .filter(({ lots, visible }) => visible <= lots)
    .map(({ lots, visible, v }) => ({
      type: 'iceberg' as const,
      pair: 'BTC_USD',
      side: 'buy' as const,
      total: LOT.times(lots).toFixed(),
      visible: LOT.times(visible).toFixed(),
      price: '50000',
      variance: v / 10,
    })),
);

/** Per step: how much of each open child the counterparty sells into it (in lots; may exceed it), and restarts. */
const scriptArb = fc.array(fc.record({ lots: fc.integer({ min: 0, max: 40 }), restart: fc.boolean() }), {
  minLength: 5,
  maxLength: 40,
});

it('filled never exceeds the total and the record equals the exchange', { timeout: 300_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(definitionArb, scriptArb, fc.integer({ min: 1, max: 1_000_000 }), async (def, script, seed) => {
      const dir = await tempDir();
      dirs.push(dir);
      const clock = new VirtualTimers();
      const core = newCore(clock.now());
      const deep = { USD: '10000000', BTC: '100' };
      const trader = fundedAccount(core, 'pt', clock.now(), deep);
      const counter = fundedAccount(core, 'pc', clock.now(), deep);
      let rnd = seed;
      const random = () => {
        rnd = (rnd * 16807) % 2147483647;
        return rnd / 2147483647;
      };
      // Lost answers and dropped requests on the way to the exchange, at random.
      const client = coreClient(core, trader, clock.now, {
        loseAnswer: () => random() < 0.15,
        dropRequest: () => random() < 0.1,
      });
      const make = async () => {
        const e = virtualEngine(client, dir, clock, {
          random,
          // The core client answers at once (no queue); a lost answer's request is never accepted later here.
          clientTimeoutMs: 1_000,
          clockSkewMs: 0,
          queueAllowanceMs: 0,
        });
        await e.start();
        return e;
      };
      let engine = await make();
      const { id } = await engine.create(def);
      const total = new Decimal(def.total);
      const mine = () => [...core.state.orders.values()].filter((o) => o.clientOrderId.startsWith(`${id}-`));
      const check = () => {
        const v = engine.list().find((x) => x.id === id);
        if (!v) throw new Error('algo vanished');
        const onExchange = mine();
        const exchangeFilled = onExchange.reduce((s, o) => s.plus(o.filled.toFixed()), new Decimal(0));
        expect(exchangeFilled.lte(total)).toBe(true);
        expect(new Decimal(v.filled).lte(total)).toBe(true);
        return { v, onExchange, exchangeFilled };
      };
      for (let i = 0; i < 400; i++) {
        const step = script[i % script.length] ?? { lots: 0, restart: false };
        // After the script, the counterparty fills whatever is open, so icebergs finish.
        const lots = i < script.length ? step.lots : 1000;
        for (const o of mine()) {
          if (o.status !== 'OPEN' && o.status !== 'PARTIAL_FILLED') continue;
          if (lots > 0) sellIoc(core, counter, o.price.toFixed(), LOT.times(lots).toFixed(), clock.now());
        }
        if (step.restart && i < script.length) {
          // Dropped without shutdown: whatever was in flight is simply gone; the journal is all that remains.
          clock.clear();
          engine = await make();
        }
        clock.step(700);
        await engine.settle();
        check();
        const status = engine.list().find((x) => x.id === id)?.status.kind;
        if (status === 'done') break;
      }
      await engine.settle();
      const { v, onExchange, exchangeFilled } = check();
      expect(v.status.kind).toBe('done');
      // The record equals the exchange, child by child.
      expect(new Decimal(v.filled).eq(exchangeFilled)).toBe(true);
      const recorded = v.children.filter((c) => c.state !== 'not_created');
      expect(
        recorded.map((c) => [c.clientOrderId, new Decimal(c.amount).toFixed(), new Decimal(c.filled).toFixed()]),
      ).toEqual(
        onExchange.sort((a, b) => a.id - b.id).map((o) => [o.clientOrderId, o.amount.toFixed(), o.filled.toFixed()]),
      );
      expect(v.childrenPlaced).toBe(onExchange.length);
      // Every client order id reached the exchange's matching once (re-sends under the same id are no-ops).
      expect(new Set(onExchange.map((o) => o.clientOrderId)).size).toBe(onExchange.length);
      if (def.type === 'iceberg') expect(v.filled).toBe(new Decimal(def.total).toFixed());
      await engine.stop();
    }),
    { numRuns: 40, seed: 20261201 },
  );
});
