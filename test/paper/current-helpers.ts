import { expect } from 'vitest';
import type { PaperExchangeInternals } from '../../main/paper/index';
import { totals } from './helpers';

/** Everything a refused request must leave as it was: money, counters, and every history's length. */
export function fingerprint(ex: PaperExchangeInternals): string {
  const s = ex.core.state;
  return JSON.stringify({
    totals: [...totals(ex)],
    wallets: [...s.wallets.values()].map((w) => [w.id, w.balance.toFixed(), w.reserve.toFixed()]),
    counters: s.counters,
    orders: [...s.orders.values()].map((o) => [o.id, o.status, o.filled.toFixed()]),
    trades: s.trades.length,
    activity: s.activity.length,
    borrows: s.borrows.map((b) => [b.id, b.repaid.toFixed(), b.closedAt]),
    transfers: s.transfers.length,
    repays: s.repays.length,
  });
}

/** The current dialect's refusal: `{code, message}` (+ `formErrors` naming `field` when given). */
export function expectCurrentError(
  r: { status: number; body: unknown },
  status: number,
  field?: string,
): Record<string, unknown> {
  expect({ status: r.status, body: r.body }).toMatchObject({
    status,
    body: { code: expect.stringMatching(/^\d{4}$/), message: expect.any(String) },
  });
  const body = r.body as Record<string, unknown>;
  expect(body).not.toHaveProperty('error');
  if (field !== undefined) expect(body.formErrors).toHaveProperty([field]);
  return body;
}

/** The official client validates answers strictly: nothing it reads may be null or an empty time. */
export function expectNoNulls(value: unknown, allowEmpty: readonly string[] = [], path = 'answer'): void {
  if (value === null) throw new Error(`${path} is null`);
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) expectNoNulls(v, allowEmpty, `${path}[${i}]`);
  } else if (typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (/(_at|date|active_once|expire_after|_time)$/.test(k) && v === '' && !allowEmpty.includes(k))
        throw new Error(`${path}.${k} is empty`);
      expectNoNulls(v, allowEmpty, `${path}.${k}`);
    }
}
