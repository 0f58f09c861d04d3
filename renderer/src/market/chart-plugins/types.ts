/**
 * The price-line model every chart overlay uses: open orders, pending stops, algo levels and alert lines are all
 * a price with a kind (which sets the style) and a label. Prices stay decimal strings; they become pixels only.
 */
export type PriceLineKind = 'limit-buy' | 'limit-sell' | 'stop-buy' | 'stop-sell' | 'algo' | 'alert';

export interface PriceLine {
  /** Exact decimal string, e.g. "61000.50". */
  price: string;
  kind: PriceLineKind;
  /** Shown in the tag at the right edge, e.g. "BUY 0.01 @ 61 000.00". */
  label: string;
}

/** Modifier keys held when a price on the chart was clicked. */
export interface PriceClickModifiers {
  altKey: boolean;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** Called with the clicked price (rounded to the pair's price precision, as a decimal string). */
export type PriceClickHandler = (price: string, ev: PriceClickModifiers) => void;
