/** Small helpers every algo type uses to read its children. */
import type { Pair } from '../../../preload/domain';
import { D, dec, ZERO } from '../money';
import type { AlgoRecord, ChildRecord, Progress, StepPlan } from '../types';

export function childrenOf(record: AlgoRecord, role?: string): ChildRecord[] {
  return record.children.filter((c) => c.state !== 'not_created' && (role === undefined || c.request.role === role));
}

export function filledOf(children: ChildRecord[]): D {
  return children.reduce((sum, c) => sum.plus(c.filled), ZERO);
}

export function filledValueOf(children: ChildRecord[]): D {
  return children.reduce((sum, c) => sum.plus(c.filledValue), ZERO);
}

/** Children the exchange holds open (or may hold: still 'sending'). */
export function liveOf(children: ChildRecord[]): ChildRecord[] {
  return children.filter((c) => c.state === 'open' || c.state === 'sending');
}

/** What a live child still has open on the book. */
export function openAmount(c: ChildRecord): D {
  return dec(c.request.amount).minus(c.filled);
}

export function progressOf(total: D, children: ChildRecord[]): Progress {
  return { total, filled: filledOf(children), value: filledValueOf(children) };
}

/** A size the exchange accepts at `price` (or at any price when null). */
export function tradable(amount: D, pair: Pair, price: D | null): boolean {
  if (amount.lt(pair.minOrderSize) || amount.gt(pair.maxOrderSize)) return false;
  if (price !== null && pair.minOrderValue !== null && amount.times(price).lt(pair.minOrderValue)) return false;
  return true;
}

export function plan(partial: Partial<StepPlan> & Pick<StepPlan, 'state'>): StepPlan {
  return { cancel: [], place: [], wakeAt: null, ...partial };
}

export function unit(pair: Pair): string {
  return pair.base;
}

export { D };
