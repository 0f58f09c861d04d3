/** The account's value over the chosen range (pnl.history), one uPlot line. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ValuePoint } from '../../../preload/domain';
import { type ChartColors, readColors } from '../market/chart-draw';
import { valueChartOptions } from './value-options';

export function ValueChart({ points, places }: { points: readonly ValuePoint[] | null; places: number }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const chart = useRef<{ u: uPlot; colors: ChartColors; places: number } | null>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let s: { u: uPlot; colors: ChartColors; places: number } | null = null;
    const u = new uPlot(
      valueChartOptions({ width: Math.max(120, host.clientWidth), height: Math.max(60, host.clientHeight) }, () => s),
      [[], []],
      host,
    );
    s = { u, colors: readColors(host), places };
    chart.current = s;
    const resize = new ResizeObserver(() => {
      const w = Math.max(120, Math.floor(host.clientWidth));
      const h = Math.max(60, Math.floor(host.clientHeight));
      if (w !== u.width || h !== u.height) u.setSize({ width: w, height: h });
    });
    resize.observe(host);
    return () => {
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const s = chart.current;
    if (!s) return;
    s.places = places;
    const list = points ?? [];
    // Plot numbers only: the exact values are in the table and the export.
    s.u.setData([list.map((p) => p.time / 1000), list.map((p) => +p.value)]);
  }, [points, places]);

  return <div class="pnl-value-chart" ref={hostRef} data-testid="pnl-value-chart" data-points={points?.length ?? 0} />;
}
