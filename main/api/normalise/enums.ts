/** Mapping the exchange's loosely typed codes to the domain's enums. */
import type { OrderStatus, OrderType, Side, WithdrawStatus } from '../../../preload/domain';
import { D } from '../decimal';

/** v1 status 1 Active -> OPEN (PARTIAL_FILLED if something filled), 2 Canceled -> CANCELLED, 3 Done -> FILLED. */
export function orderStatusV1(code: number, filled: string): OrderStatus | null {
  switch (code) {
    case 1:
      return new D(filled).isZero() ? 'OPEN' : 'PARTIAL_FILLED';
    case 2:
      return 'CANCELLED';
    case 3:
      return 'FILLED';
    default:
      return null;
  }
}

export const V1_STATUS_CODE = { open: 1, cancelled: 2, done: 3 } as const;

const WITHDRAW: Record<number, WithdrawStatus> = {
  10: 'NEW',
  20: 'VERIFIED',
  30: 'APPROVED',
  40: 'REFUSED',
  50: 'CANCELLED',
};
export const WITHDRAW_CODE: Record<WithdrawStatus, number> = {
  NEW: 10,
  VERIFIED: 20,
  APPROVED: 30,
  REFUSED: 40,
  CANCELLED: 50,
};

export function withdrawStatus(code: number): WithdrawStatus | null {
  return WITHDRAW[code] ?? null;
}

export function sideToV3(s: Side): 'BUY' | 'SELL' {
  return s === 'buy' ? 'BUY' : 'SELL';
}

/** v3 order type; the contract's generic STOP is STOP_LIMIT with a limit price, else STOP_MARKET. */
export function orderTypeV3(t: string, price: string): OrderType {
  if (t === 'STOP') return new D(price).isZero() ? 'STOP_MARKET' : 'STOP_LIMIT';
  return t as OrderType;
}
