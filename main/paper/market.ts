import { type Dec, dec } from './money';

/** The paper exchange's static catalog: currencies, pairs and the fee schedule. */
export interface CurrencySpec {
  shortName: string;
  sign: string;
}

export interface PairSpec {
  name: string;
  base: string;
  quote: string;
  pricePrecision: number;
  amountPrecision: number;
  minOrderSize: Dec;
  maxOrderSize: Dec;
  minOrderValue: Dec;
  /** Largest price * amount of one order, in quote. */
  maxOrderValue: Dec;
  /** Largest limit or stop price accepted (a sane bound far above any real market). */
  maxPrice: Dec;
  /** Where the simulated market starts and the back-filled history ends. */
  startPrice: Dec;
  /** Typical simulated order size, in base currency. */
  lotSize: Dec;
}

export const CURRENCIES: readonly CurrencySpec[] = [
  { shortName: 'BTC', sign: 'Ƀ' },
  { shortName: 'ETH', sign: 'Ξ' },
  { shortName: 'USD', sign: '$' },
  { shortName: 'USDT', sign: '₮' },
];

function pair(
  name: string,
  pricePrecision: number,
  amountPrecision: number,
  minSize: string,
  maxSize: string,
  minValue: string,
  start: string,
  lot: string,
  maxValue: string,
  maxPrice: string,
): PairSpec {
  const [base, quote] = name.split('_') as [string, string];
  return {
    name,
    base,
    quote,
    pricePrecision,
    amountPrecision,
    minOrderSize: dec(minSize),
    maxOrderSize: dec(maxSize),
    minOrderValue: dec(minValue),
    maxOrderValue: dec(maxValue),
    maxPrice: dec(maxPrice),
    startPrice: dec(start),
    lotSize: dec(lot),
  };
}

export const PAIRS: readonly PairSpec[] = [
  pair('BTC_USD', 2, 6, '0.000001', '1000', '1', '60000', '0.05', '100000000', '10000000'),
  pair('ETH_USD', 2, 5, '0.00001', '10000', '1', '3000', '0.8', '100000000', '1000000'),
  pair('ETH_BTC', 6, 4, '0.0001', '10000', '0.0001', '0.05', '0.8', '10000', '1000'),
  pair('BTC_USDT', 2, 6, '0.000001', '1000', '1', '60010', '0.05', '100000000', '10000000'),
  pair('ETH_USDT', 2, 5, '0.00001', '10000', '1', '3001', '0.8', '100000000', '1000000'),
];

export interface FeeRates {
  maker: Dec;
  taker: Dec;
}

/** One schedule for every pair and account; `feeinfo` reports exactly these rates. Fees are charged in the received currency. */
export const DEFAULT_FEES: FeeRates = { maker: dec('0.001'), taker: dec('0.002') };

export function findPair(name: string): PairSpec | undefined {
  return PAIRS.find((p) => p.name === name);
}
