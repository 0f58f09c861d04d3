/** Change detection for the account streams: only the fields a trader sees, so an unchanged poll emits nothing. */
import type { Balance, Order, OwnTrade } from '../../preload/domain';

export function ordersFingerprint(orders: Order[]): string {
  let s = '';
  for (const o of orders)
    s += `${o.id}:${o.status}:${o.type}:${o.tif ?? ''}:${o.price}:${o.amount}:${o.filled}:${o.cancelled}:${o.stopPrice ?? ''}:${o.stopOperator ?? ''}:${o.walletType};`;
  return s;
}

export function balancesFingerprint(balances: Balance[]): string {
  let s = '';
  for (const b of balances) s += `${b.walletType}:${b.pair ?? ''}:${b.currency}:${b.balance}:${b.reserve};`;
  return s;
}

/**
 * Identity of a fill. v3 account trades carry no id, so a fill without one is identified by what it is; two
 * identical fills (same order, time, price, amount) are told apart by counting occurrences (see FillTracker).
 */
export function fillKey(t: OwnTrade): string {
  if (t.id !== null) return `#${t.id}`;
  return `${t.pair}|${t.side}|${t.orderId ?? ''}|${t.time}|${t.price}|${t.amount}|${t.fee}|${t.walletType}|${t.accountId ?? ''}`;
}
