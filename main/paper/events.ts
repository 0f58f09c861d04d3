import type { OrderRecord, TradeRecord, Wallet } from './state';

/**
 * What one committed command changed. H1's `paper-core` branch owns the real feed (PaperCore.onCommitted);
 * until it is merged this file holds the interface and `events-standin.ts` a temporary implementation.
 */
export interface CommittedChange {
  seq: number;
  orders: readonly OrderRecord[];
  wallets: readonly Wallet[];
  trades: readonly TradeRecord[];
  bookPairs: readonly string[];
}
export type ChangeListener = (c: CommittedChange) => void;
