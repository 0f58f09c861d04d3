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

/** A BTC_USD pair as the documented v1 API sends it (GET /api/v1/pairs/), for tests of the client's reading. */
export const BTC_USD_V1_WIRE = {
  name: 'BTC_USD',
  currency1: 'BTC',
  currency2: 'USD',
  price_precision: 2,
  amount_precision: 6,
  maximum_order_size: '100',
  minimum_order_size: '0.0001',
  minimum_order_value: '1',
  liquidity_type: 10,
};
