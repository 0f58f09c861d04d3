/**
 * Iceberg: only a visible part of the total rests at the price; when it has filled completely the next part is
 * placed (its size varied by up to `variance` when asked), until the total has filled.
 */
import type { IcebergDefinition } from '../../../preload/domain';
import { D, dec, minD, roundAmount, roundPrice, str } from '../money';
import type { AlgoType } from '../types';
import { childrenOf, filledOf, liveOf, plan, progressOf, tradable, unit } from './common';

export const iceberg: AlgoType<IcebergDefinition> = {
  check(def, pair) {
    if (dec(def.visible).gt(def.total)) return 'The visible size must not exceed the total.';
    if (!roundPrice(dec(def.price), pair, def.side).eq(def.price))
      return `Price ${def.price} has more decimals than ${pair.name} allows (${pair.pricePrecision}).`;
    const low = roundAmount(dec(def.visible).times(1 - (def.variance ?? 0)), pair);
    if (!tradable(low, pair, dec(def.price)))
      return `The visible part (${def.visible} ${pair.base}${def.variance ? ' less the variance' : ''}) is below what ${pair.name} accepts (at least ${pair.minOrderSize}${pair.minOrderValue ? ` and ${pair.minOrderValue} ${pair.quote} in value` : ''}).`;
    return null;
  },

  init() {
    return {};
  },

  step(def, { record, pair, random }) {
    const parts = childrenOf(record, 'visible');
    const live = liveOf(parts);
    const total = dec(def.total);
    const remaining = total.minus(filledOf(parts));
    if (live.length > 0) return plan({ state: { kind: 'running', reason: null } });
    if (remaining.lte(0)) return plan({ state: { kind: 'done', reason: null }, action: 'all filled' });
    const price = dec(def.price);
    const v = def.variance ?? 0;
    const factor = new D(1).plus(new D(random()).minus(0.5).times(2 * v));
    let size = minD(roundAmount(dec(def.visible).times(factor), pair), remaining);
    // Never leave a remainder too small to send: fold it into this part.
    if (!tradable(remaining.minus(size), pair, price)) size = remaining;
    if (!tradable(size, pair, price))
      return plan({
        state: { kind: 'done', reason: null },
        notes: [`${str(remaining)} ${unit(pair)} left is below ${pair.name}'s minimum order; not sent.`],
        action: 'remainder below the minimum size',
      });
    return plan({
      state: { kind: 'running', reason: null },
      place: [{ role: 'visible', side: def.side, type: 'LIMIT', price: str(price), amount: str(size) }],
      action: `part ${parts.length + 1}: ${def.side} ${str(size)} at ${str(price)}`,
    });
  },

  progress(def, record) {
    return progressOf(dec(def.total), childrenOf(record, 'visible'));
  },

  levels(def) {
    return [{ price: def.price, label: 'price' }];
  },
};
