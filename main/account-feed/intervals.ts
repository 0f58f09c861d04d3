/**
 * Poll cadence of the private account streams. Private calls are limited to 2/s per account (the client keeps
 * to 2 in any 1.05 s) and the trader's own orders and cancels share that budget, so the feed stays well below it:
 * 1/2 + 1/3 + 1/3 ≈ 1.2 calls/s with all three streams open, leaving headroom for trading (which the client's
 * limiter serves first: cancel > create > awaited > background; a poll is awaited when it is the first or nudged,
 * else background). The offsets stagger the first polls so they do not bunch.
 */
export interface AccountIntervals {
  orders: number;
  balances: number;
  fills: number;
}

export const DEFAULT_ACCOUNT_INTERVALS: AccountIntervals = { orders: 2_000, balances: 3_000, fills: 3_000 };

/** Delay of each stream's first poll after it is subscribed. */
export const DEFAULT_ACCOUNT_OFFSETS: AccountIntervals = { orders: 0, balances: 350, fills: 700 };
