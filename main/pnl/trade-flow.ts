/**
 * One own trade as what it did to the two wallets of its pair. The exchange charges the fee in the currency
 * received (base on a buy, quote on a sell); a trade that names another fee currency is honoured as named, and a
 * fee in a third currency (neither base nor quote) is kept aside: it is reported, not folded into the pair's P&L.
 *
 *   buy  a at p, fee f in base  -> base +(a − f), quote −a·p
 *   buy  a at p, fee f in quote -> base +a,       quote −(a·p + f)
 *   sell a at p, fee f in quote -> base −a,       quote +(a·p − f)
 *   sell a at p, fee f in base  -> base −(a + f), quote +a·p
 */
import type { OwnTrade } from '../../preload/domain';
import { P, type Px, ZERO } from './decimal';

export interface TradeFlow {
  time: number;
  side: 'buy' | 'sell';
  price: Px;
  amount: Px;
  /** Signed change of the base wallet. */
  base: Px;
  /** Signed change of the quote wallet (cash flow: negative = paid). */
  quote: Px;
  feeBase: Px;
  feeQuote: Px;
  /** A fee charged in neither currency of the pair. */
  feeOther: { currency: string; amount: Px } | null;
}

/** Which currency a trade's fee is in: as the trade says, else the exchange's rule (what is received). */
export function feeCurrencyOf(t: OwnTrade, base: string, quote: string): string {
  return t.feeCurrency ?? (t.side === 'buy' ? base : quote);
}

export function tradeFlow(t: OwnTrade, base: string, quote: string): TradeFlow {
  const price = new P(t.price);
  const amount = new P(t.amount);
  const fee = new P(t.fee);
  const gross = price.mul(amount);
  const cur = feeCurrencyOf(t, base, quote);
  const feeBase = cur === base ? fee : ZERO;
  const feeQuote = cur === quote && cur !== base ? fee : ZERO;
  const feeOther = cur !== base && cur !== quote && !fee.isZero() ? { currency: cur, amount: fee } : null;
  const buy = t.side === 'buy';
  return {
    time: t.time,
    side: t.side,
    price,
    amount,
    base: buy ? amount.minus(feeBase) : amount.plus(feeBase).neg(),
    quote: buy ? gross.plus(feeQuote).neg() : gross.minus(feeQuote),
    feeBase,
    feeQuote,
    feeOther,
  };
}
