import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type PaperExchangeInternals, loadCore } from '../../main/paper/index';
import { ALICE, TestClock, V3Client, coreStateText, startQuiet, stateText } from './helpers';

const tmpState = (): string => join(mkdtempSync(join(tmpdir(), 'paper-atomic-')), 'state.json');

/** A command either changes nothing and is refused, or changes memory and the journal alike. */
describe('no command changes memory without its journal record', () => {
  let ex: PaperExchangeInternals | undefined;
  afterEach(async () => {
    await ex?.close();
    ex = undefined;
  });

  it('cancels each listed order once, even when an id repeats, and replay gives the same state', async () => {
    const clock = new TestClock();
    const statePath = tmpState();
    ex = await startQuiet(clock, { statePath, limits: { privatePerSecond: Number.POSITIVE_INFINITY } });
    const alice = new V3Client(ex.url, clock, ALICE);
    expect((await alice.login()).status).toBe(200);
    const place = async (price: string): Promise<number> => {
      const r = await alice.call('POST', '/api/v3/orders', {
        pair: 'BTC_USD',
        order_side: 'BUY',
        order_type: 'LIMIT',
        limit_price: price,
        base_amount: '0.1',
      });
      expect(r.status).toBe(201);
      return r.body as number;
    };
    const a = await place('100');
    const b = await place('101');
    const c = await place('102');
    const r = await alice.call('DELETE', '/api/v3/orders', { order_ids: [a, a, b, a, b] });
    expect(r.status).toBe(202);
    expect(r.body).toEqual([a, b]);
    expect(ex.core.exchange.order(a)?.status).toBe('CANCELLED');
    expect(ex.core.exchange.order(b)?.status).toBe('CANCELLED');
    expect(ex.core.exchange.order(c)?.status).toBe('OPEN');
    // Today's path too: a repeated id is answered once and cancelled once.
    const current = await alice.call('DELETE', '/api/v3/trading/order', { order_ids: [c, c] });
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ [String(c)]: 'CANCELLED' });
    // Memory equals a fresh replay of the files (the journal has the command that changed it).
    expect(coreStateText(loadCore(statePath).core.state)).toBe(stateText(ex));
  });
});
