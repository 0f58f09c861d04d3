/**
 * Poll intervals per stream key. The exchange allows 100 public calls/s per IP, shared by every stream; at these
 * rates one pair on screen costs 4 + 2 + 1 + 1 = 8 calls/s, so even a dozen open charts and books stay far below.
 */
export interface PollIntervals {
  book: number;
  trades: number;
  tickers: number;
  candles: number;
  /** How often app.status re-reads the budget and counts down a retry. */
  status: number;
}

export const DEFAULT_INTERVALS: PollIntervals = {
  book: 250,
  trades: 500,
  tickers: 1_000,
  candles: 1_000,
  status: 1_000,
};
