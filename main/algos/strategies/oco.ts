/**
 * OCO: a take-profit limit and a stop (stop-limit or stop-market) for the same amount. Each leg always covers
 * what is left; a fill of one leg (even partial) reduces the other: the other is cancelled and, when something is
 * left, placed again for the rest once the cancel is confirmed, so both legs together never exceed the amount.
 * Also the exit half of a bracket (legs for the entry's filled amount).
 */
import type { OcoDefinition, Pair, Side } from '../../../preload/domain';
import { type D, dec, roundPrice, str } from '../money';
import type { AlgoRecord, AlgoType, ChildRequest, StepPlan } from '../types';
import { childrenOf, filledOf, liveOf, openAmount, plan, tradable, unit, filledValueOf } from './common';

export interface ExitLegs {
  side: Side;
  takeProfit: string;
  stop: string;
  stopLimit?: string;
}

function legRequest(role: 'tp' | 'stop', legs: ExitLegs, amount: D): ChildRequest {
  if (role === 'tp') return { role, side: legs.side, type: 'LIMIT', price: legs.takeProfit, amount: str(amount) };
  const stopOperator = legs.side === 'sell' ? 'LTE' : 'GTE';
  return legs.stopLimit
    ? {
        role,
        side: legs.side,
        type: 'STOP_LIMIT',
        price: legs.stopLimit,
        stopPrice: legs.stop,
        stopOperator,
        amount: str(amount),
      }
    : { role, side: legs.side, type: 'STOP_MARKET', stopPrice: legs.stop, stopOperator, amount: str(amount) };
}

export function checkLegs(legs: ExitLegs, pair: Pair): string | null {
  for (const [name, p] of [
    ['take-profit', legs.takeProfit],
    ['stop', legs.stop],
    ['stop limit', legs.stopLimit],
  ] as const) {
    if (p !== undefined && !roundPrice(dec(p), pair, legs.side).eq(p))
      return `The ${name} price ${p} has more decimals than ${pair.name} allows (${pair.pricePrecision}).`;
  }
  return null;
}

/** One step of the two legs for `amount` (the OCO's amount, or a bracket entry's filled amount). */
export function stepLegs(record: AlgoRecord, legs: ExitLegs, amount: D, pair: Pair, final: boolean): StepPlan {
  const tp = childrenOf(record, 'tp');
  const stop = childrenOf(record, 'stop');
  const filled = filledOf(tp).plus(filledOf(stop));
  const remaining = amount.minus(filled);
  const cancel: number[] = [];
  for (const c of liveOf([...tp, ...stop])) {
    // A leg open for more than what is left would overfill: cancel it (it is placed again below, smaller).
    if (c.state === 'open' && openAmount(c).gt(remaining)) cancel.push(c.seq);
  }
  if (cancel.length > 0) {
    const which = filledOf(tp).gt(0) ? 'take-profit' : 'stop';
    return plan({
      state: { kind: 'running', reason: null },
      cancel,
      action: remaining.gt(0)
        ? `${which} filled ${str(filled)}: reducing the other leg to ${str(remaining)}`
        : `${which} filled: cancelling the other leg`,
    });
  }
  if (remaining.lte(0)) {
    if (liveOf([...tp, ...stop]).length > 0) return plan({ state: { kind: 'running', reason: null } });
    return plan({ state: { kind: final ? 'done' : 'running', reason: null }, action: 'exit filled' });
  }
  const place: ChildRequest[] = [];
  if (liveOf(tp).length === 0) place.push(legRequest('tp', legs, remaining));
  if (liveOf(stop).length === 0) place.push(legRequest('stop', legs, remaining));
  if (place.length > 0 && !tradable(remaining, pair, null))
    return plan({
      state: { kind: 'done', reason: null },
      notes: [`${str(remaining)} ${unit(pair)} left is below ${pair.name}'s minimum order; no exit placed for it.`],
    });
  return plan({
    state: { kind: 'waiting', reason: `take-profit ${legs.takeProfit} or stop ${legs.stop}` },
    place,
    ...(place.length > 0 ? { action: `placing ${place.map((p) => p.role).join(' and ')} for ${str(remaining)}` } : {}),
  });
}

export function legsProgress(record: AlgoRecord, amount: D) {
  const legs = [...childrenOf(record, 'tp'), ...childrenOf(record, 'stop')];
  return { total: amount, filled: filledOf(legs), value: filledValueOf(legs) };
}

export function legLevels(legs: ExitLegs) {
  return [
    { price: legs.takeProfit, label: 'take-profit' },
    { price: legs.stop, label: 'stop' },
  ];
}

export const oco: AlgoType<OcoDefinition> = {
  check(def, pair) {
    return (
      checkLegs(def, pair) ??
      (tradable(dec(def.amount), pair, dec(def.stopLimit ?? def.stop))
        ? null
        : `Amount ${def.amount} is outside what ${pair.name} accepts.`)
    );
  },
  init() {
    return {};
  },
  step(def, { record, pair }) {
    return stepLegs(record, def, dec(def.amount), pair, true);
  },
  progress(def, record) {
    return legsProgress(record, dec(def.amount));
  },
  levels(def) {
    return legLevels(def);
  },
};
