import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PaperCore } from '../../main/paper/core';
import type { PlaceOrderInput } from '../../main/paper/exchange';
import { loadCore } from '../../main/paper/index';
import { Persistence } from '../../main/paper/persistence';
import { ALICE, BOB, coreStateText } from './helpers';

const T0 = Date.UTC(2024, 0, 10, 12);
const CAROL = { key: 'carol-key', secret: 'carol-secret', name: 'carol', balances: { USD: '100000', BTC: '2' } };

/**
 * A durable core where a stop-limit buy (placed first, so the lower id) is triggered after a plain buy at the
 * same price has rested: by time priority the plain buy is ahead of it in the queue.
 */
function stopJoinsBehind(statePath: string) {
  const core = new PaperCore();
  const p = new Persistence(statePath, 0);
  core.sink = (c, s) => p.append(c, s);
  let t = T0;
  core.genesis(t, 1, false);
  const a = core.ensureAccount(ALICE, t);
  const b = core.ensureAccount(BOB, t);
  const c = core.ensureAccount(CAROL, t);
  const base = { pair: 'BTC_USD', walletType: 'SPOT', tif: 'GTC' } as const;
  const order = (accountId: number, o: Omit<PlaceOrderInput, 'accountId' | 'pair' | 'walletType' | 'tif'>) =>
    core.place({ ...base, accountId, ...o }, ++t);
  const stop = order(a, { side: 'BUY', type: 'STOP_LIMIT', price: '100', stopPrice: '101', amount: '1' }).order.id;
  const plain = order(b, { side: 'BUY', type: 'LIMIT', price: '100', amount: '1' }).order.id;
  // A trade at 101 fires the stop: it joins the bids at 100 behind the plain buy.
  order(c, { side: 'SELL', type: 'LIMIT', price: '101', amount: '0.01' });
  order(c, { side: 'BUY', type: 'LIMIT', price: '101', amount: '0.01' });
  return { core, p, stop, plain, c, next: () => ++t };
}

/** BTC_USD's bids in queue order (best price first, then time priority). */
const bidIds = (core: PaperCore): number[] =>
  core.exchange
    .bookOf('BTC_USD')
    .orderList(0)
    .map((o) => o.id);

const sellAt100 = (accountId: number): PlaceOrderInput => ({
  accountId,
  pair: 'BTC_USD',
  walletType: 'SPOT',
  tif: 'GTC',
  side: 'SELL',
  type: 'LIMIT',
  price: '100',
  amount: '1',
});

describe('time priority is state: a restart keeps the queue', () => {
  it('rebuilds the book in the order orders joined it, not in id order (snapshot, then journal replay)', () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'paper-prio-')), 'state.json');
    const { core, p, stop, plain, c, next } = stopJoinsBehind(statePath);
    expect(bidIds(core)).toEqual([plain, stop]);
    p.snapshot(core.state);
    // After the snapshot, the journal records a sell that fills the head of the queue.
    const t = next();
    const live = core.place(sellAt100(c), t);
    expect(live.trades.map((x) => x.buyOrderId)).toEqual([plain]);
    p.sync();
    p.close();
    const { core: reloaded } = loadCore(statePath);
    expect(bidIds(reloaded)).toEqual([stop]);
    expect(coreStateText(reloaded.state)).toBe(coreStateText(core.state));
  });

  it('journals what a placement filled and refuses a replay that fills other orders', () => {
    const statePath = join(mkdtempSync(join(tmpdir(), 'paper-prio-')), 'state.json');
    const { core, p, c, next } = stopJoinsBehind(statePath);
    p.snapshot(core.state);
    core.place(sellAt100(c), next());
    p.sync();
    p.close();
    const lines = readFileSync(`${statePath}.journal`, 'utf8').trim().split('\n');
    const rec = JSON.parse(lines.at(-1) as string) as {
      cmd: { c: string; ids: { order: number; trade: number; fills: number; makers: number } };
    };
    expect(rec.cmd.c).toBe('place');
    expect(rec.cmd.ids.fills).toBe(1);
    expect(typeof rec.cmd.ids.makers).toBe('number');
    // As a replay that reordered the queue would see it: the same count, other makers.
    const tampered = { ...rec, cmd: { ...rec.cmd, ids: { ...rec.cmd.ids, makers: (rec.cmd.ids.makers + 1) >>> 0 } } };
    writeFileSync(`${statePath}.journal`, `${[...lines.slice(0, -1), JSON.stringify(tampered)].join('\n')}\n`);
    expect(() => loadCore(statePath)).toThrow(/filled other orders than the journal says/);
    const counted = { ...rec, cmd: { ...rec.cmd, ids: { ...rec.cmd.ids, fills: 2 } } };
    writeFileSync(`${statePath}.journal`, `${[...lines.slice(0, -1), JSON.stringify(counted)].join('\n')}\n`);
    expect(() => loadCore(statePath)).toThrow(/produced 1 trades, the journal says 2/);
  });
});
