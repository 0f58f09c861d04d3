/**
 * When a price alert fires. Above / below fire when the price is at or beyond the level (at once if it already
 * is when set); crossing fires when the price moves from one side of the level to, or through, the other.
 * A repeating alert fires again only after the condition was false in between (so it does not fire every tick).
 */
import Decimal from 'decimal.js';
import type { AlertDefinition, Ticker } from '../../preload/domain';

export interface AlertMemory {
  /** The previous price seen (crossing needs it). */
  prev: string | null;
  /** False right after firing, until the condition is false again. */
  armed: boolean;
}

export function priceOf(def: Pick<AlertDefinition, 'source'>, t: Ticker): string | null {
  const p = def.source === 'last' ? t.last : def.source === 'bid' ? t.bid : t.ask;
  return new Decimal(p).gt(0) ? p : null;
}

/** Returns whether the alert fires at `price`, and the memory to keep for the next price. */
export function evaluate(
  def: AlertDefinition,
  memory: AlertMemory,
  price: string,
): { fire: boolean; memory: AlertMemory } {
  const p = new Decimal(price);
  const level = new Decimal(def.price);
  let condition: boolean;
  if (def.condition === 'above') condition = p.gte(level);
  else if (def.condition === 'below') condition = p.lte(level);
  else {
    const prev = memory.prev === null ? null : new Decimal(memory.prev);
    condition = prev !== null && ((prev.lt(level) && p.gte(level)) || (prev.gt(level) && p.lte(level)));
  }
  const fire = condition && memory.armed;
  // Crossing is an event, not a state: it re-arms at once; above/below re-arm when the condition clears.
  const armed = def.condition === 'crossing' ? true : fire ? false : !condition || memory.armed;
  return { fire, memory: { prev: price, armed } };
}
