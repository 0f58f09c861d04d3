import type { PlaceOrderInput } from '../exchange';
import type { OrderType, Side, SideEffect, StopOperator, TimeInForce, WalletType } from '../state';

/** The fields both dialects' order bodies carry once parsed (decimal strings as received, unset when absent). */
export interface OrderBodyFields {
  pair: string;
  order_side: Side;
  wallet_type: WalletType;
  limit_price?: string | undefined;
  base_amount?: string | undefined;
  quote_amount?: string | undefined;
  stop_price?: string | undefined;
  stop_operator: StopOperator | '';
  client_order_id: string;
  side_effect: SideEffect;
}

/**
 * The engine's order from a checked body: the documented (POST /api/v3/orders) and today's
 * (POST /api/v3/trading/order) routes differ in how they read type, time in force and expiry, not in this.
 * Unset optional fields are left out rather than sent as undefined.
 */
export function placeInput(
  accountId: number,
  b: OrderBodyFields,
  resolved: { type: OrderType; tif: TimeInForce; expireAt?: number | undefined; postOnly?: boolean },
): PlaceOrderInput {
  return {
    accountId,
    pair: b.pair,
    side: b.order_side,
    type: resolved.type,
    tif: resolved.tif,
    walletType: b.wallet_type,
    ...(b.limit_price !== undefined ? { price: b.limit_price } : {}),
    ...(b.base_amount !== undefined ? { amount: b.base_amount } : {}),
    ...(b.quote_amount !== undefined ? { quoteAmount: b.quote_amount } : {}),
    ...(b.stop_price !== undefined ? { stopPrice: b.stop_price } : {}),
    stopOperator: b.stop_operator,
    clientOrderId: b.client_order_id,
    ...(resolved.expireAt !== undefined ? { expireAt: resolved.expireAt } : {}),
    sideEffect: b.side_effect,
    ...(resolved.postOnly === true ? { postOnly: true } : {}),
  };
}
