/**
 * TWAP: the total in slices spread over the duration. With a price limit each slice is a limit order at the
 * limit that rests until the next slice starts; whatever it did not fill is cancelled and carried into the next
 * slice (and the notes say so). Without a limit each slice is a market order. The schedule (times and sizes,
 * randomised or not) is drawn once at creation and journaled, so a restart follows the same plan.
 */
import { z } from 'zod';
import type { TwapDefinition } from '../../../preload/domain';
import { D, dec, roundAmount, roundPrice, str, ZERO } from '../money';
import type { AlgoType } from '../types';
import { childrenOf, filledOf, liveOf, plan, progressOf, tradable, unit } from './common';

const memorySchema = z.object({
  start: z.number(),
  end: z.number(),
  /** Index of the next slice to send. */
  next: z.number().int(),
  /** Start time and planned size of each slice. */
  slices: z.array(z.object({ at: z.number(), amount: z.string() })),
});
type TwapMemory = z.infer<typeof memorySchema>;

export function sliceCount(def: TwapDefinition): number {
  if (def.slices !== undefined) return def.slices;
  return Math.max(1, Math.ceil(def.durationMs / (def.intervalMs ?? def.durationMs)));
}

function memoryOf(m: unknown): TwapMemory {
  return memorySchema.parse(m);
}

export const twap: AlgoType<TwapDefinition> = {
  check(def, pair) {
    const n = sliceCount(def);
    const each = roundAmount(dec(def.total).div(n), pair);
    const price = def.priceLimit ? dec(def.priceLimit) : null;
    if (!tradable(each, pair, price))
      return `Each of the ${n} slices would be ${str(each)} ${pair.base}, outside what ${pair.name} accepts (at least ${pair.minOrderSize}${pair.minOrderValue ? ` and ${pair.minOrderValue} ${pair.quote} in value` : ''}): use fewer slices or a larger total.`;
    if (def.priceLimit && !roundPrice(dec(def.priceLimit), pair, def.side).eq(def.priceLimit))
      return `Price limit ${def.priceLimit} has more decimals than ${pair.name} allows (${pair.pricePrecision}).`;
    return null;
  },

  init(def, pair, now, random) {
    const n = sliceCount(def);
    const r = def.randomize ?? 0;
    const total = dec(def.total);
    const interval = def.durationMs / n;
    const base = total.div(n);
    const slices: TwapMemory['slices'] = [];
    let planned = ZERO;
    for (let k = 0; k < n; k++) {
      // Jitter keeps slices inside their own interval (the first starts at once) so the order never changes.
      const jitter = k === 0 ? 0 : Math.round((random() - 0.5) * r * interval);
      const at = Math.round(now + k * interval + jitter);
      let amount: D;
      if (k === n - 1) amount = total.minus(planned);
      else {
        const factor = new D(1).plus(new D(random()).minus(0.5).times(2 * r));
        amount = roundAmount(base.times(factor), pair);
        if (!tradable(amount, pair, null)) amount = roundAmount(base, pair);
      }
      planned = planned.plus(amount);
      slices.push({ at, amount: str(amount) });
    }
    return { start: now, end: now + def.durationMs, next: 0, slices };
  },

  step(def, { record, pair, now }) {
    const m = memoryOf(record.memory);
    const slices = childrenOf(record, 'slice');
    const live = liveOf(slices);
    const total = dec(def.total);
    const filled = filledOf(slices);
    // A slice the exchange refused (the algo stalled, the trader resumed it) is sent again as the same slice.
    const lastSlice = record.children.filter((c) => c.request.role === 'slice').at(-1);
    const k = lastSlice?.state === 'not_created' ? Math.max(0, m.next - 1) : m.next;
    const boundary = k < m.slices.length ? (m.slices[k]?.at ?? m.end) : m.end;
    if (live.length > 0) {
      // A resting slice is carried over when the next one is due (or the duration is over).
      if (now >= boundary && live.every((c) => c.state === 'open'))
        return plan({
          state: { kind: 'running', reason: null },
          cancel: live.map((c) => c.seq),
          action: k < m.slices.length ? `slice ${k} ends: cancelling its unfilled part` : 'duration over: cancelling',
        });
      return plan({ state: { kind: 'running', reason: null }, wakeAt: boundary });
    }
    const remaining = total.minus(filled);
    if (remaining.lte(0)) return plan({ state: { kind: 'done', reason: null }, action: 'all filled' });
    if (k >= m.slices.length) {
      const why = def.priceLimit ? `within the limit ${def.priceLimit}` : 'at market';
      return plan({
        state: { kind: 'done', reason: null },
        action: 'duration over',
        notes: [`${str(remaining)} ${unit(pair)} of ${def.total} did not fill ${why}.`],
      });
    }
    const next = m.slices[k];
    if (next === undefined || now < next.at)
      return plan({ state: { kind: 'running', reason: null }, wakeAt: next?.at ?? m.end });
    const later = m.slices.slice(k + 1).reduce((s, x) => s.plus(x.amount), ZERO);
    const amount = roundAmount(remaining.minus(later), pair);
    const price = def.priceLimit ? dec(def.priceLimit) : null;
    const notes: string[] = [];
    const carried = amount.minus(next.amount);
    if (carried.gt(0)) notes.push(`Slice ${k + 1} carries over ${str(carried)} ${unit(pair)} not filled before.`);
    if (!tradable(amount, pair, price)) {
      if (k + 1 < m.slices.length && amount.gt(0)) {
        // Too small to send alone (randomised sizes or earlier fills): it rides on the next slice.
        return plan({
          state: { kind: 'running', reason: null },
          memory: {
            ...m,
            next: k + 1,
            slices: m.slices.map((s, i) => (i === k + 1 ? { ...s, amount: str(amount.plus(s.amount)) } : s)),
          },
          notes: [
            ...notes,
            `Slice ${k + 1} (${str(amount)} ${unit(pair)}) is below the minimum size: added to the next slice.`,
          ],
          action: `slice ${k + 1} merged into the next`,
        });
      }
      return plan({
        state: { kind: 'done', reason: null },
        notes: [...notes, `${str(remaining)} ${unit(pair)} left is below ${pair.name}'s minimum order; not sent.`],
        action: 'remainder below the minimum size',
      });
    }
    return plan({
      state: { kind: 'running', reason: null },
      memory: { ...m, next: k + 1 },
      place: [
        price
          ? { role: 'slice', side: def.side, type: 'LIMIT', price: str(price), amount: str(amount) }
          : { role: 'slice', side: def.side, type: 'MARKET', amount: str(amount) },
      ],
      notes,
      action: `slice ${k + 1} of ${m.slices.length}: ${def.side} ${str(amount)} ${price ? `at ${str(price)}` : 'at market'}`,
    });
  },

  progress(def, record) {
    return progressOf(dec(def.total), childrenOf(record, 'slice'));
  },

  levels(def) {
    return def.priceLimit ? [{ price: def.priceLimit, label: 'limit' }] : [];
  },
};
