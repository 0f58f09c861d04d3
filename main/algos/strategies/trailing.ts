/**
 * Trailing stop: follows the best last price seen since start (the highest for a sell, the lowest for a buy)
 * at a distance in price or percent; when the last price reaches the level it fires a market order, or a limit
 * order at the level. The best price is journaled, so a restart trails from where it was.
 */
import { z } from 'zod';
import type { Pair, TrailingStopDefinition } from '../../../preload/domain';
import { type D, dec, roundPrice, str } from '../money';
import type { AlgoRecord, AlgoType } from '../types';
import { childrenOf, filledOf, liveOf, plan, progressOf, tradable } from './common';

const memorySchema = z.object({ best: z.string().nullable() });

function level(def: TrailingStopDefinition, best: D, pair: Pair): D {
  const dist = def.distanceKind === 'price' ? dec(def.distance) : best.times(def.distance).div(100);
  return roundPrice(def.side === 'sell' ? best.minus(dist) : best.plus(dist), pair, def.side);
}

function bestOf(record: AlgoRecord): D | null {
  const b = memorySchema.parse(record.memory).best;
  return b === null ? null : dec(b);
}

export const trailing: AlgoType<TrailingStopDefinition> = {
  check(def, pair) {
    if (!tradable(dec(def.amount), pair, null)) return `Amount ${def.amount} is outside what ${pair.name} accepts.`;
    if (def.distanceKind === 'price' && !roundPrice(dec(def.distance), pair, 'buy').eq(def.distance))
      return `Distance ${def.distance} has more decimals than ${pair.name} allows (${pair.pricePrecision}).`;
    return null;
  },
  init() {
    return { best: null };
  },
  step(def, { record, pair, market }) {
    const fired = childrenOf(record, 'stop');
    if (fired.length > 0) {
      if (liveOf(fired).length > 0) return plan({ state: { kind: 'running', reason: null } });
      return filledOf(fired).gt(0)
        ? plan({ state: { kind: 'done', reason: null }, action: 'stop filled' })
        : plan({ state: { kind: 'failed', reason: 'the stop order closed without a fill' } });
    }
    const last = market.last;
    if (last === null) return plan({ state: { kind: 'waiting', reason: 'a last price' } });
    const prior = bestOf(record);
    const best =
      prior === null ? last : def.side === 'sell' ? (last.gt(prior) ? last : prior) : last.lt(prior) ? last : prior;
    const memory = prior !== null && best.eq(prior) ? undefined : { best: str(best) };
    const stopAt = level(def, best, pair);
    const hit = def.side === 'sell' ? last.lte(stopAt) : last.gte(stopAt);
    if (!hit)
      return plan({
        state: {
          kind: 'waiting',
          reason: `price ${def.side === 'sell' ? '≤' : '≥'} ${str(stopAt)} (best ${str(best)})`,
        },
        ...(memory ? { memory } : {}),
      });
    return plan({
      state: { kind: 'running', reason: null },
      ...(memory ? { memory } : {}),
      place: [
        def.fire === 'market'
          ? { role: 'stop', side: def.side, type: 'MARKET', amount: def.amount }
          : { role: 'stop', side: def.side, type: 'LIMIT', price: str(stopAt), amount: def.amount },
      ],
      action: `last ${str(last)} reached the stop ${str(stopAt)}: ${def.side} ${def.amount} ${def.fire === 'market' ? 'at market' : `at ${str(stopAt)}`}`,
    });
  },
  progress(def, record) {
    return progressOf(dec(def.amount), childrenOf(record, 'stop'));
  },
  levels(def, record) {
    const best = bestOf(record);
    if (best === null || childrenOf(record, 'stop').length > 0) return [];
    // Levels are for display only; the pair's precision is applied when the order is built.
    const dist = def.distanceKind === 'price' ? dec(def.distance) : best.times(def.distance).div(100);
    return [{ price: str(def.side === 'sell' ? best.minus(dist) : best.plus(dist)), label: 'trailing stop' }];
  },
};
