/** Default number of candles per chart request (the contract's `limit` default). */
export const CANDLE_LIMIT_DEFAULT = 720;
