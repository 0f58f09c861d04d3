/**
 * Every path the client calls, in ONE table: a path the exchange moves is a one-line change here.
 * The forms follow the contract (../shared/alp-api.md) exactly, trailing slashes included.
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

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
