/**
 * How much history the paper exchange keeps for each user account (also stated in the README,
 * "Retention"). Whatever is older than `maxAgeMs` or beyond the newest `count` is dropped; active orders
 * are never dropped. The public tape keeps the newest `PUBLIC_TRADES` trades whoever traded.
 */
export const RETENTION = {
  /** Finished (filled, cancelled, expired) orders per account. */
  orders: { count: 10_000, maxAgeMs: 30 * 86_400_000 },
  /** Trades per account (either side). */
  trades: { count: 10_000, maxAgeMs: 30 * 86_400_000 },
  /** Wallet motions (activity) per account. */
  activity: { count: 20_000, maxAgeMs: 30 * 86_400_000 },
  /**
   * Margin history per account and kind (closed loans, transfers, repays, interest charges, liquidations);
   * the age of a loan counts from its closing. Open loans are never dropped.
   */
  margin: { count: 10_000, maxAgeMs: 30 * 86_400_000 },
} as const;

/** Trades kept for the public history (all pairs together), whoever traded. */
export const PUBLIC_TRADES = 5_000;
