/**
 * The ticket's checks before anything is sent: each error names the field and says what to change. Pure, so
 * the same rules are unit-tested in Node. Amounts and prices are decimal strings; arithmetic is decimal.js.
 */
import Decimal from 'decimal.js';
import type { OrderType, Pair, Side, TimeInForce, WalletType } from '../../../preload/domain';
import { decimalsOf, grouped, parseDec, roundTo, stepOf } from './money';

export interface TicketValues {
  side: Side;
  type: OrderType;
  price: string;
  stopPrice: string;
  amount: string;
  /** 'quote': a market buy by what it spends ("spend 500 USD"); `amount` is then in the quote currency. */
  amountIn?: 'base' | 'quote';
}

export type TicketField = 'price' | 'stopPrice' | 'amount' | 'total';
export type TicketErrors = Partial<Record<TicketField, string>>;

export const needsPrice = (t: OrderType): boolean => t === 'LIMIT' || t === 'STOP_LIMIT';
export const needsStop = (t: OrderType): boolean => t === 'STOP_LIMIT' || t === 'STOP_MARKET';

/** The price the order's value is judged at: the limit price, else (market/stop-market) the reference price. */
export function effectivePrice(v: TicketValues, reference: string | null): Decimal | null {
  if (needsPrice(v.type)) return parseDec(v.price);
  if (needsStop(v.type)) return parseDec(v.stopPrice);
  return reference ? parseDec(reference) : null;
}

/** A market buy given as the quote amount to spend. */
export const byQuote = (v: TicketValues): boolean => v.amountIn === 'quote' && v.type === 'MARKET' && v.side === 'buy';

/** price × amount (or the quote amount itself for a buy by quote), or null while either is missing. */
export function totalOf(v: TicketValues, reference: string | null): Decimal | null {
  if (byQuote(v)) return parseDec(v.amount);
  const p = effectivePrice(v, reference);
  const a = parseDec(v.amount);
  return p && a ? p.mul(a) : null;
}

function checkPrice(label: string, text: string, dp: number): string | undefined {
  const p = parseDec(text);
  if (!p) return text.trim() === '' ? `Enter a ${label}.` : `${cap(label)} must be a number like 60000.50.`;
  if (p.isZero()) return `${cap(label)} must be greater than zero.`;
  if (decimalsOf(text.trim()) > dp)
    return `${cap(label)} allows ${dp} decimals: use ${roundTo(p, dp)} (↑/↓ step by ${stepOf(dp).toFixed(dp)}).`;
  return undefined;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Checks the ticket against the pair's rules and the available balance (`available` of the currency the order
 * spends: quote to buy, base to sell; null when unknown, which skips the balance check).
 */
export function validateTicket(
  v: TicketValues,
  pair: Pair,
  available: string | null,
  reference: string | null,
): TicketErrors {
  const errors: TicketErrors = {};
  if (byQuote(v)) return validateQuoteBuy(v.amount, pair, available);
  if (needsPrice(v.type)) {
    const e = checkPrice('price', v.price, pair.pricePrecision);
    if (e) errors.price = e;
  }
  if (needsStop(v.type)) {
    const e = checkPrice('stop price', v.stopPrice, pair.pricePrecision);
    if (e) errors.stopPrice = e;
  }
  const a = parseDec(v.amount);
  const base = pair.base;
  if (!a) errors.amount = v.amount.trim() === '' ? `Enter an amount of ${base}.` : 'Amount must be a number like 0.01.';
  else if (a.isZero()) errors.amount = 'Amount must be greater than zero.';
  else if (decimalsOf(v.amount.trim()) > pair.amountPrecision)
    errors.amount = `Amount allows ${pair.amountPrecision} decimals: use ${roundTo(a, pair.amountPrecision)}.`;
  else if (a.lt(pair.minOrderSize))
    errors.amount = `Amount is below the minimum ${pair.minOrderSize} ${base}: raise it.`;
  else if (a.gt(pair.maxOrderSize))
    errors.amount = `Amount is above the maximum ${pair.maxOrderSize} ${base}: lower it.`;

  if (errors.amount || errors.price || errors.stopPrice) return errors;
  const total = totalOf(v, reference);
  if (!total || !a) return errors;
  const quote = pair.quote;
  if (pair.minOrderValue && total.lt(pair.minOrderValue))
    errors.total = `Order value ${grouped(total, pair.pricePrecision)} ${quote} is below the minimum ${pair.minOrderValue} ${quote}: raise the amount or price.`;
  else if (available !== null) {
    const spend = v.side === 'buy' ? total : a;
    const cur = v.side === 'buy' ? quote : base;
    const dp = v.side === 'buy' ? pair.pricePrecision : pair.amountPrecision;
    if (spend.gt(available))
      errors.total = `Not enough ${cur}: this order needs ${grouped(spend, dp)}, ${grouped(available, dp)} is available. Lower the amount${v.side === 'buy' ? ' or price' : ''}.`;
  }
  return errors;
}

/** The amount for a share (25/50/75/100%) of the available balance, rounded down to the lot. */
export function amountForShare(
  side: Side,
  percent: number,
  available: string | null,
  price: Decimal | null,
  pair: Pair,
): string | null {
  if (available === null) return null;
  const share = new Decimal(available).mul(percent).div(100);
  const amount = side === 'buy' ? (price && !price.isZero() ? share.div(price) : null) : share;
  if (!amount) return null;
  return roundTo(amount, pair.amountPrecision);
}

/** A market buy by quote amount: the amount is what it spends, checked against the quote's decimals and balance. */
function validateQuoteBuy(text: string, pair: Pair, available: string | null): TicketErrors {
  const q = parseDec(text);
  const quote = pair.quote;
  const dp = pair.pricePrecision;
  if (!q)
    return { amount: text.trim() === '' ? `Enter how much ${quote} to spend.` : 'Amount must be a number like 500.' };
  if (q.isZero()) return { amount: 'Amount must be greater than zero.' };
  if (decimalsOf(text.trim()) > dp) return { amount: `Amount allows ${dp} decimals: use ${roundTo(q, dp)}.` };
  if (pair.minOrderValue && q.lt(pair.minOrderValue))
    return {
      total: `Spending ${grouped(q, dp)} ${quote} is below the minimum order value ${pair.minOrderValue} ${quote}.`,
    };
  if (available !== null && q.gt(available))
    return {
      total: `Not enough ${quote}: this order spends ${grouped(q, dp)}, ${grouped(available, dp)} is available. Lower the amount.`,
    };
  return {};
}

/**
 * A stop fires when the last price reaches it: GTE once the price is at or above the stop, LTE at or below.
 * True when the last price already satisfies it, i.e. the order would trigger the moment it is placed.
 */
export function stopTriggersNow(operator: 'GTE' | 'LTE', stop: string, last: string | null): boolean {
  const s = parseDec(stop);
  const l = last ? parseDec(last) : null;
  if (!s || !l || s.isZero()) return false;
  return operator === 'GTE' ? l.gte(s) : l.lte(s);
}

/**
 * The usual trigger direction: a buy stop-entry fires on the way up (GTE), a sell stop-loss on the way down
 * (LTE). The opposite (take-profit style: buy the dip, sell the rally) is chosen explicitly.
 */
export const defaultStopOperator = (side: Side): 'GTE' | 'LTE' => (side === 'buy' ? 'GTE' : 'LTE');

/** v1 takes plain GTC spot limit orders for the key's own account; everything else goes through v3. */
export function apiFor(
  type: OrderType,
  tif: TimeInForce,
  wallet: WalletType = 'SPOT',
  postOnly = false,
  accountId: number | null = null,
): 'v1' | 'v3' {
  return type === 'LIMIT' && tif === 'GTC' && wallet === 'SPOT' && !postOnly && accountId === null ? 'v1' : 'v3';
}

/** Every venue the app trades (ALP.COM and the paper exchange) has v3 margin; a venue without it hides the wallet. */
export const venueHasMargin = (venue: string | undefined): boolean => venue === 'alp' || venue === 'paper';
