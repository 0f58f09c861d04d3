/**
 * Order checks before the wire, against the pair's limits (from `pairs`). Each failure says what to change.
 * Suggested corrections never make the order worse for the trader: a buy price rounds down, a sell price up,
 * an amount rounds down (up only to reach the minimum).
 */
import type { Pair, Side } from '../../preload/domain';
import { D, type Dx, canonicalDec, decimalsOf, isNumericText } from './decimal';

export class OrderCheckError extends Error {
  constructor(
    message: string,
    readonly field: 'price' | 'amount' | 'quoteAmount' | 'stopPrice' | 'pair',
  ) {
    super(message);
  }
}

/** Parses a user-supplied decimal; rejects NaN, infinities, exponents that are not plain numbers, and <= 0. */
export function positiveDecimal(value: unknown, field: OrderCheckError['field'], label: string): string {
  const s = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!isNumericText(s)) throw new OrderCheckError(`${label} "${String(value)}" is not a decimal number.`, field);
  const c = canonicalDec(s);
  if (!new D(c).greaterThan(0)) throw new OrderCheckError(`${label} must be greater than 0 (got ${c}).`, field);
  return c;
}

function unit(places: number): Dx {
  return new D(1).dividedBy(new D(10).pow(places));
}

export interface CheckedOrder {
  price: string | null;
  amount: string | null;
}

/** Checks price/amount for `pair`; returns canonical strings ready for the wire or throws OrderCheckError. */
export function checkOrder(
  pair: Pair,
  side: Side,
  input: { price?: string | null; amount?: string | null },
): CheckedOrder {
  let price: string | null = null;
  let amount: string | null = null;
  if (input.price !== undefined && input.price !== null) {
    price = positiveDecimal(input.price, 'price', 'Price');
    const d = decimalsOf(price);
    if (d > pair.pricePrecision) {
      const fixed = new D(price).toDecimalPlaces(pair.pricePrecision, side === 'buy' ? D.ROUND_DOWN : D.ROUND_UP);
      const use = fixed.greaterThan(0) ? fixed : unit(pair.pricePrecision);
      throw new OrderCheckError(
        `Price ${price} has ${d} decimals; ${pair.name} allows ${pair.pricePrecision}. Use ${use.toFixed()}.`,
        'price',
      );
    }
  }
  if (input.amount !== undefined && input.amount !== null) {
    amount = positiveDecimal(input.amount, 'amount', 'Amount');
    const d = decimalsOf(amount);
    const a = new D(amount);
    if (d > pair.amountPrecision) {
      let fixed = a.toDecimalPlaces(pair.amountPrecision, D.ROUND_DOWN);
      if (fixed.lessThan(pair.minOrderSize)) fixed = a.toDecimalPlaces(pair.amountPrecision, D.ROUND_UP);
      throw new OrderCheckError(
        `Amount ${amount} has ${d} decimals; ${pair.name} allows ${pair.amountPrecision}. Use ${fixed.toFixed()}.`,
        'amount',
      );
    }
    if (a.lessThan(pair.minOrderSize)) {
      throw new OrderCheckError(
        `Amount ${amount} ${pair.base} is below ${pair.name}'s minimum order size ${canonicalDec(pair.minOrderSize)}. Use at least ${canonicalDec(pair.minOrderSize)}.`,
        'amount',
      );
    }
    if (a.greaterThan(pair.maxOrderSize)) {
      throw new OrderCheckError(
        `Amount ${amount} ${pair.base} is above ${pair.name}'s maximum order size ${canonicalDec(pair.maxOrderSize)}. Use at most ${canonicalDec(pair.maxOrderSize)}.`,
        'amount',
      );
    }
  }
  if (price !== null && amount !== null && pair.minOrderValue !== null) {
    const value = new D(price).times(amount);
    if (value.lessThan(pair.minOrderValue)) {
      const need = new D(pair.minOrderValue).dividedBy(price).toDecimalPlaces(pair.amountPrecision, D.ROUND_UP);
      throw new OrderCheckError(
        `Order value ${value.toFixed()} ${pair.quote} (price × amount) is below ${pair.name}'s minimum ${canonicalDec(pair.minOrderValue)} ${pair.quote}. Increase the amount to at least ${need.toFixed()}.`,
        'amount',
      );
    }
  }
  return { price, amount };
}
