import type { PaperCore } from '../core';
import type { OrderRecord, TradeRecord } from '../state';
import { type Dec, ZERO } from '../money';

/**
 * The quote value filled so far per order (the `o` message's valueFilled; the order record keeps only the base
 * amount). Kept for the active orders of users someone listens to; an order seen for the first time is priced
 * from the fills of the change at hand when they account for all it has filled, else once from the trade history.
 */
export class FillValues {
  private readonly values = new Map<number, { accountId: number; value: Dec }>();

  constructor(private readonly core: PaperCore) {}

  /** Value of `o` after a change whose new trades are `trades`. */
  valueOf(o: OrderRecord, trades: readonly TradeRecord[]): Dec {
    const known = this.values.get(o.id);
    let amount = ZERO;
    let value = ZERO;
    for (const t of trades) {
      if (t.buyOrderId !== o.id && t.sellOrderId !== o.id) continue;
      amount = amount.add(t.amount);
      value = value.add(t.total);
    }
    let total: Dec;
    if (known !== undefined) total = known.value.add(value);
    else if (amount.eq(o.filled)) total = value;
    else total = this.fromHistory(o);
    const done = !(o.status === 'PENDING' || o.status === 'OPEN' || o.status === 'PARTIAL_FILLED');
    if (done) this.values.delete(o.id);
    else this.values.set(o.id, { accountId: o.accountId, value: total });
    return total;
  }

  /** Called when nobody listens to the account any more: its later fills would not be counted here. */
  forgetAccount(accountId: number): void {
    for (const [id, v] of this.values) if (v.accountId === accountId) this.values.delete(id);
  }

  private fromHistory(o: OrderRecord): Dec {
    let value = ZERO;
    for (const t of this.core.tradesOf(o.accountId, { pair: o.pair, since: o.createdAt }))
      if (t.buyOrderId === o.id || t.sellOrderId === o.id) value = value.add(t.total);
    return value;
  }
}
