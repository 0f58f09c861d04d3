/**
 * Bracket: an entry order (limit or market); once it has closed with a fill (completely filled, or cancelled
 * part-filled), an OCO on the other side for exactly the filled amount.
 */
import type { BracketDefinition } from '../../../preload/domain';
import { dec, roundPrice, str } from '../money';
import type { AlgoType } from '../types';
import { childrenOf, filledOf, liveOf, plan, tradable } from './common';
import { checkLegs, type ExitLegs, legLevels, legsProgress, stepLegs } from './oco';

function exitLegs(def: BracketDefinition): ExitLegs {
  return {
    side: def.side === 'buy' ? 'sell' : 'buy',
    takeProfit: def.takeProfit,
    stop: def.stop,
    ...(def.stopLimit ? { stopLimit: def.stopLimit } : {}),
  };
}

export const bracket: AlgoType<BracketDefinition> = {
  check(def, pair) {
    if (def.entryPrice && !roundPrice(dec(def.entryPrice), pair, def.side).eq(def.entryPrice))
      return `Entry price ${def.entryPrice} has more decimals than ${pair.name} allows (${pair.pricePrecision}).`;
    if (!tradable(dec(def.amount), pair, def.entryPrice ? dec(def.entryPrice) : null))
      return `Amount ${def.amount} is outside what ${pair.name} accepts.`;
    return checkLegs(exitLegs(def), pair);
  },
  init() {
    return {};
  },
  step(def, { record, pair }) {
    const entry = childrenOf(record, 'entry');
    if (entry.length === 0)
      return plan({
        state: { kind: 'running', reason: null },
        place: [
          def.entryPrice
            ? { role: 'entry', side: def.side, type: 'LIMIT', price: def.entryPrice, amount: def.amount }
            : { role: 'entry', side: def.side, type: 'MARKET', amount: def.amount },
        ],
        action: `entry: ${def.side} ${def.amount} ${def.entryPrice ? `at ${def.entryPrice}` : 'at market'}`,
      });
    if (liveOf(entry).length > 0)
      return plan({ state: { kind: 'waiting', reason: `entry at ${def.entryPrice ?? 'market'}` } });
    const entered = filledOf(entry);
    if (entered.lte(0)) return plan({ state: { kind: 'failed', reason: 'the entry order closed without a fill' } });
    const step = stepLegs(record, exitLegs(def), entered, pair, true);
    const notes =
      childrenOf(record, 'tp').length + childrenOf(record, 'stop').length === 0
        ? [`Entry filled ${str(entered)}.`]
        : [];
    return { ...step, notes: [...notes, ...(step.notes ?? [])] };
  },
  progress(def, record) {
    // Progress of a bracket is its entry; the exit's fills show in the children and the notes.
    const entry = childrenOf(record, 'entry');
    const exit = legsProgress(record, filledOf(entry));
    return exit.filled.gt(0)
      ? { ...exit, total: dec(def.amount) }
      : {
          total: dec(def.amount),
          filled: filledOf(entry),
          value: entry.reduce((s, c) => s.plus(c.filledValue), dec('0')),
        };
  },
  levels(def) {
    return [...(def.entryPrice ? [{ price: def.entryPrice, label: 'entry' }] : []), ...legLevels(exitLegs(def))];
  },
};
