/**
 * The panels the market and trading parts of the workspace provide, gathered in one place so the layout only
 * names slots.
 */
export { Chart, focusMarketFilter, MarketList, OrderBook, TradesTape } from '../market';
export { AccountTabs, MarginPanel, OrderTicket } from '../trading';
export { AlgosPanel } from '../algos';
