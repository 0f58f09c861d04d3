/**
 * The two readings of an exchange balance row (README "The domain model"), one place for each: v1 wallets send
 * the free part as `balance` (placing an order moves funds from it into `reserve`); every v3 balance and the
 * WebSocket's `w` message send the wallet's total (the official client computes available = balance - reserve).
 * The app always shows balance = everything held, the reserve, and available = what can be spent.
 */
import type { Balance, Dec, WalletType } from '../../../preload/domain';
import { addDec, subDec } from '../decimal';

export type Holdings = Pick<Balance, 'balance' | 'reserve' | 'available'>;

/** v1 `GET /api/v1/wallets/`: `balance` is the free part. */
export function holdingsFromFree(free: Dec, reserve: Dec): Holdings {
  return { balance: addDec(free, reserve), reserve, available: free };
}

/** v3 balances (both dialects) and pushed `w` updates: `balance` is the total. */
export function holdingsFromTotal(total: Dec, reserve: Dec): Holdings {
  return { balance: total, reserve, available: subDec(total, reserve) };
}

/** A v3 balance row as both v3 dialects' schemas parse it (same fields, same reading). */
export interface V3BalanceRow {
  account_id: number | null;
  balance: Dec;
  reserve: Dec;
  currency: string;
  pair: string | null;
  wallet_type: WalletType;
  last_update_at: number | null;
}

/** The app's balance from a v3 row: `balance` is the total (alp-api-current.md; the official client agrees). */
export function balanceFromV3Row(w: V3BalanceRow): Balance {
  return {
    currency: w.currency,
    ...holdingsFromTotal(w.balance, w.reserve),
    walletType: w.wallet_type,
    pair: w.pair,
    accountId: w.account_id,
    updatedAt: w.last_update_at,
  };
}
