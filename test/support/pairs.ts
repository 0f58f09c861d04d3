/**
 * BTC_USD as the app's domain describes it (two price decimals, six amount decimals, the paper exchange's sizes),
 * for the renderer, export and bench tests that need a pair. Plain data, so both the Node and the web projects
 * type-check it.
 */
import type { Pair } from '../../preload/domain';

export const BTC_USD: Pair = {
  name: 'BTC_USD',
  base: 'BTC',
  quote: 'USD',
  pricePrecision: 2,
  amountPrecision: 6,
  minOrderSize: '0.000001',
  maxOrderSize: '1000',
  minOrderValue: '1',
  liquidityType: null,
};
