/** Words for fills and cancels: "Bought 0.010000 BTC at 60 000.00 (fee 0.60 USD)". */
import type { Order, OwnTrade, Pair } from '../../../preload/domain';
import { exact, grouped } from './money';

function split(pairName: string): [string, string] {
  const [base = pairName, quote = ''] = pairName.split('_');
  return [base, quote];
}

export function fillMessage(f: OwnTrade, pair: Pair | undefined): string {
  const [base, quote] = split(f.pair);
  const adp = pair?.amountPrecision ?? 8;
  const pdp = pair?.pricePrecision ?? 2;
  const feeCur = f.feeCurrency ?? (f.side === 'buy' ? base : quote);
  const feeDp = feeCur === base ? adp : pdp;
  const verb = f.side === 'buy' ? 'Bought' : 'Sold';
  return `${verb} ${grouped(f.amount, adp)} ${base} at ${grouped(f.price, pdp)} (fee ${exact(f.fee, feeDp)} ${feeCur})`;
}

export function orderWords(o: Order, pair: Pair | undefined): string {
  const [base] = split(o.pair);
  const adp = pair?.amountPrecision ?? 8;
  const pdp = pair?.pricePrecision ?? 2;
  return `${o.side} ${grouped(o.amount, adp)} ${base} at ${grouped(o.price, pdp)}`;
}
