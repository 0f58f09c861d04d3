/** Own trades for the P&L tests. */
import type { OwnTrade } from '../../preload/domain';

export function trade(t: Partial<OwnTrade> & Pick<OwnTrade, 'side' | 'price' | 'amount'>): OwnTrade {
  return {
    id: null,
    orderId: null,
    pair: 'BTC_USD',
    fee: '0',
    feeCurrency: null,
    feeRate: null,
    isMaker: null,
    time: 0,
    walletType: 'SPOT',
    accountId: null,
    ...t,
  };
}

/** The README's worked example (P&L section), trade by trade. */
export const README_EXAMPLE: OwnTrade[] = [
  trade({ time: 1, side: 'buy', price: '100', amount: '1.002', fee: '0.002', feeCurrency: 'BTC' }),
  trade({ time: 2, side: 'buy', price: '200', amount: '1.002', fee: '0.002', feeCurrency: 'BTC' }),
  trade({ time: 3, side: 'sell', price: '250', amount: '1', fee: '0.5', feeCurrency: 'USD' }),
];
