/**
 * Candles and volume as a uPlot plugin (uPlot has no candlestick series; this follows its candlestick demo:
 * a `draw` hook that paints on the plot's canvas). `get` is read at every draw, so theme and timeframe changes
 * need no rebuild of the chart.
 */
import type uPlot from 'uplot';
import { type ChartColors, drawCandles } from '../chart-draw';

export interface CandlesPluginState {
  colors: ChartColors;
  /** Seconds per candle. */
  tfSec: number;
}

export function candlesPlugin(get: () => CandlesPluginState | null): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const s = get();
        if (s) drawCandles(u, s.colors, s.tfSec);
      },
    },
  };
}
