/**
 * A valid request for every bridge method on one profile, for the tests that walk the whole contract (it fails to
 * compile when the contract gains a method not listed here). The requests that carry a test's own keys or name
 * the profile to change come from the test; `overrides` replace any other.
 */
import type { MethodName, RequestOf } from '../../preload/contract';

export type ContractRequests = { [M in MethodName]: RequestOf<M> };
export type ProfileChanges = Pick<
  ContractRequests,
  'accounts.add' | 'accounts.edit' | 'accounts.rotateSecret' | 'accounts.remove'
>;

export function sampleRequests(
  profileId: string,
  changes: ProfileChanges,
  overrides: Partial<ContractRequests> = {},
): ContractRequests {
  const p = { profileId };
  const pp = { profileId, pair: 'BTC_USD' };
  return {
    'app.info': {},
    'app.notify': { title: 'Filled', body: 'Bought 0.01 BTC' },
    'app.checkUpdates': {},
    'accounts.list': {},
    'accounts.activate': { id: profileId },
    'accounts.verify': { id: profileId },
    'accounts.subaccounts': p,
    'market.pairs': p,
    'market.currencies': p,
    'market.tickers': p,
    'market.candles': { ...pp, timeframe: '60', limit: 10 },
    'market.orderbook': pp,
    'market.trades': { ...pp, limit: 5 },
    'trade.balances': p,
    'trade.openOrders': p,
    'trade.orderHistory': p,
    'trade.ownTrades': p,
    'trade.place': { ...pp, api: 'v1', side: 'buy', type: 'LIMIT', price: '100.00', amount: '0.001' },
    'trade.cancel': { profileId, orderId: 999_999 },
    'trade.cancelAll': pp,
    'trade.deposits': p,
    'trade.withdraws': p,
    'trade.fees': p,
    'trade.walletActivity': p,
    'margin.positions': p,
    'margin.balances': p,
    'margin.borrow': { profileId, walletType: 'CROSS_MARGIN', currency: 'USD', amount: '10' },
    'margin.repay': { profileId, walletType: 'CROSS_MARGIN', currency: 'USD', amount: '10' },
    'margin.transfer': { profileId, walletType: 'CROSS_MARGIN', direction: 'ADD', currency: 'USD', amount: '10' },
    'margin.close': { profileId, walletType: 'CROSS_MARGIN' },
    'margin.borrows': p,
    'margin.repays': p,
    'margin.transfers': p,
    'margin.interest': p,
    'margin.liquidations': p,
    'pnl.summary': { profileId, method: 'fifo' },
    'pnl.portfolio': p,
    'pnl.history': { profileId, points: 5 },
    'export.csv': { profileId, kind: 'trades', destination: 'download' },
    'settings.get': {},
    'settings.update': { theme: 'light' },
    'diagnostics.traces': p,
    'algos.list': p,
    'algos.create': {
      profileId,
      definition: { type: 'iceberg', pair: 'BTC_USD', side: 'buy', total: '0.01', visible: '0.005', price: '100.00' },
    },
    'algos.pause': { profileId, algoId: 'no-such-algo' },
    'algos.resume': { profileId, algoId: 'no-such-algo' },
    'algos.cancel': { profileId, algoId: 'no-such-algo' },
    'algos.remove': { profileId, algoId: 'no-such-algo' },
    'alerts.list': p,
    'alerts.create': {
      profileId,
      alert: { pair: 'BTC_USD', condition: 'above', source: 'last', price: '1000000', repeat: false, sound: false },
    },
    'alerts.remove': { profileId, alertId: 'no-such-alert' },

    ...changes,
    ...overrides,
  };
}
