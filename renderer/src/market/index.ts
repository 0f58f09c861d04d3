/** The market panels, placed in the layout by the shell. */
export { Chart } from './Chart';
export { focusMarketFilter, MarketList } from './MarketList';
export { OrderBook } from './OrderBook';
export { TradesTape } from './TradesTape';
export type { ChartProps } from './Chart';
export type { PriceClickHandler, PriceClickModifiers, PriceLine, PriceLineKind } from './chart-plugins/types';
export { DepthChart } from './DepthChart';
