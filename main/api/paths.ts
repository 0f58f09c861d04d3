/**
 * Every path the client calls, one table per API dialect: a path the exchange moves is a one-line change here.
 * `PATHS` is the documented dialect (../shared/alp-api.md, trailing slashes included); `CURRENT_PATHS` is what
 * the live exchange serves today (../shared/alp-api-current.md: v3 only). An operation a dialect lacks has no
 * path here and is refused before the wire (see operations.ts).
 */
export const PATHS = {
  // v1 public
  currencies: '/api/v1/currencies/',
  pairs: '/api/v1/pairs/',
  ticker: '/api/v1/ticker/',
  charts: (pair: string, timeframe: string) => `/api/charts/${enc(pair)}/${enc(timeframe)}/chart`,
  orderbook: (pair: string) => `/api/v1/orderbook/${enc(pair)}`,
  exchanges: '/api/v1/exchanges/',
  order: (id: number) => `/api/v1/order/${id}/`,
  // v1 private
  wallets: '/api/v1/wallets/',
  ownOrders: '/api/v1/orders/own/',
  createOrder: '/api/v1/order/',
  cancelOrder: '/api/v1/order-cancel/',
  ownExchanges: '/api/v1/exchanges/own/',
  deposits: '/api/v1/deposits/',
  withdraws: '/api/v1/withdraws/',
  // v3 private
  v3Auth: '/api/v3/auth',
  feeInfo: '/api/v3/feeinfo',
  ordersV3: '/api/v3/orders',
  accounts: '/api/v3/accounts',
  accountTrades: '/api/v3/accounts/trades',
  accountBalances: '/api/v3/accounts/balances',
  walletActivity: '/api/v3/wallets/activity',
  margin: '/api/v3/margin',
  marginBorrow: '/api/v3/margin/borrow',
  marginTransfer: '/api/v3/margin/transfer',
  marginRepay: '/api/v3/margin/repay',
  marginInterest: '/api/v3/margin/interest',
  marginLiquidation: '/api/v3/margin/liquidation',
  walletAddresses: '/api/v3/wallets/addresses',
  walletWithdraw: '/api/v3/wallets/withdraw',
} as const;

/** Today's live exchange: v3 only. Public market data moved under v3; orders, fees and accounts moved paths. */
export const CURRENT_PATHS = {
  // public
  time: '/api/v3/time',
  currencies: '/api/v3/currencies',
  pairs: '/api/v3/pairs',
  ticker: '/api/v3/ticker',
  charts: '/api/v3/charts',
  orderbook: '/api/v3/orderbook',
  trades: '/api/v3/trades',
  // private
  v3Auth: '/api/v3/auth',
  accounts: '/api/v3/accounts/accounts',
  accountBalances: '/api/v3/accounts/balances',
  feeInfo: '/api/v3/accounts/feeinfo',
  orders: '/api/v3/accounts/order',
  accountTrades: '/api/v3/accounts/trades',
  walletActivity: '/api/v3/accounts/activity',
  tradingOrder: '/api/v3/trading/order',
  // margin: dropped from the docs in 2026, still called by the official client; optional on the live venue
  margin: '/api/v3/margin',
  marginBorrow: '/api/v3/margin/borrow',
  marginTransfer: '/api/v3/margin/transfer',
  marginRepay: '/api/v3/margin/repay',
  marginInterest: '/api/v3/margin/interest',
  marginLiquidation: '/api/v3/margin/liquidation',
} as const;

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
