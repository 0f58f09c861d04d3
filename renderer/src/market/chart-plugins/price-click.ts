/**
 * A click (not a drag) on the plot area reports the price under the pointer with the modifier keys held, so the
 * owner can, say, set an alert on Alt+click or load the price into the ticket. Drags stay uPlot's zoom/pan.
 * `axis` says which scale holds prices: 'y' on the price chart, 'x' on the depth chart.
 */
import type uPlot from 'uplot';
import type { PriceClickHandler } from './types';

/** Pointer travel (CSS px) under which a press-and-release counts as a click. */
const CLICK_SLOP = 4;

export interface PriceClickOptions {
  axis: 'x' | 'y';
  /** The pair's price decimals at click time. */
  places: () => number;
  onClick: () => PriceClickHandler | undefined;
}

/** A scale value as a price string with exactly `places` decimals (the pixel's price, rounded to a tick). */
export function valueToPrice(value: number, places: number): string | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  return value.toFixed(places);
}

export function priceClickPlugin(opts: PriceClickOptions): uPlot.Plugin {
  let cleanup: (() => void) | null = null;
  return {
    hooks: {
      init: (u) => {
        let down: { x: number; y: number } | null = null;
        const onDown = (e: MouseEvent) => {
          down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
        };
        const onUp = (e: MouseEvent) => {
          const start = down;
          down = null;
          const handler = opts.onClick();
          if (!start || !handler || e.button !== 0) return;
          if (Math.hypot(e.clientX - start.x, e.clientY - start.y) > CLICK_SLOP) return;
          const rect = u.over.getBoundingClientRect();
          const pos = opts.axis === 'y' ? e.clientY - rect.top : e.clientX - rect.left;
          const price = valueToPrice(u.posToVal(pos, opts.axis), opts.places());
          if (price === null) return;
          handler(price, { altKey: e.altKey, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey });
        };
        u.over.addEventListener('mousedown', onDown);
        u.over.addEventListener('mouseup', onUp);
        cleanup = () => {
          u.over.removeEventListener('mousedown', onDown);
          u.over.removeEventListener('mouseup', onUp);
        };
      },
      destroy: () => {
        cleanup?.();
        cleanup = null;
      },
    },
  };
}
