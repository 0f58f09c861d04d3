/**
 * Canvas drawing for the chart (uPlot has no candlestick series): OHLC bodies and wicks and volume bars in the
 * bottom fifth; wrapped as a uPlot plugin in chart-plugins/candles.ts. When zoomed out so far that several
 * candles share a pixel column, they are merged into one, so 100 000 candles cost one pass and a few fills.
 */
import type uPlot from 'uplot';

export interface ChartColors {
  buy: string;
  sell: string;
  buyBg: string;
  sellBg: string;
  text: string;
  muted: string;
  grid: string;
  panel: string;
  border: string;
  accent: string;
  warn: string;
}

export function readColors(el: Element): ChartColors {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    buy: v('--buy', '#26a269'),
    sell: v('--sell', '#e5534b'),
    buyBg: v('--buy-bg', 'rgba(38,162,105,0.2)'),
    sellBg: v('--sell-bg', 'rgba(229,83,75,0.2)'),
    text: v('--text', '#d7dde5'),
    muted: v('--muted', '#8593a3'),
    grid: v('--grid', 'rgba(133,147,163,0.12)'),
    panel: v('--panel', '#131a23'),
    border: v('--border', '#26303d'),
    accent: v('--accent', '#4c9aff'),
    warn: v('--warn', '#e3a008'),
  };
}

/** Share of the plot height the volume bars may use. */
const VOLUME_SHARE = 0.18;

export function drawCandles(u: uPlot, colors: ChartColors, tfSec: number): void {
  const [t, o, h, l, c, v] = u.data as unknown as number[][];
  if (!t || !o || !h || !l || !c || !v || t.length === 0) return;
  const xMin = u.scales.x?.min;
  const xMax = u.scales.x?.max;
  const yMin = u.scales.y?.min;
  const yMax = u.scales.y?.max;
  if (xMin == null || xMax == null || yMin == null || yMax == null || xMax <= xMin || yMax <= yMin) return;
  const { left, top, width, height } = u.bbox;
  const kx = width / (xMax - xMin);
  const ky = height / (yMax - yMin);
  const px = (sec: number) => left + (sec - xMin) * kx;
  const py = (val: number) => top + (yMax - val) * ky;

  // Visible index range by binary search (candles a half-period outside still show their edge).
  const lo = lowerBound(t, xMin - tfSec);
  const hi = lowerBound(t, xMax + tfSec);
  if (hi <= lo) return;

  let volMax = 0;
  for (let i = lo; i < hi; i++) if ((v[i] as number) > volMax) volMax = v[i] as number;
  const volH = height * VOLUME_SHARE;
  const kv = volMax > 0 ? volH / volMax : 0;
  const bottom = top + height;

  const pr = devicePixelRatio || 1;
  const slot = tfSec * kx;
  const bodyW = Math.max(1, Math.floor(slot * 0.72));
  const wickW = Math.max(1, Math.round(pr));
  const up = new Path2D();
  const down = new Path2D();
  const volUp = new Path2D();
  const volDown = new Path2D();

  // Merge candles that land in the same pixel column.
  let col = Number.NaN;
  let ao = 0;
  let ah = 0;
  let al = 0;
  let ac = 0;
  let av = 0;
  const flush = () => {
    if (Number.isNaN(col)) return;
    const rising = ac >= ao;
    const path = rising ? up : down;
    const x = col + slot / 2;
    const bx = Math.round(x - bodyW / 2);
    const yo = py(ao);
    const yc = py(ac);
    const yh = py(ah);
    const yl = py(al);
    path.rect(Math.round(x - wickW / 2), Math.round(yh), wickW, Math.max(1, Math.round(yl - yh)));
    path.rect(bx, Math.round(Math.min(yo, yc)), bodyW, Math.max(1, Math.round(Math.abs(yc - yo))));
    if (kv > 0) {
      const vh = Math.max(1, Math.round(av * kv));
      (rising ? volUp : volDown).rect(bx, bottom - vh, bodyW, vh);
    }
  };
  for (let i = lo; i < hi; i++) {
    const x = Math.floor(px(t[i] as number));
    if (x !== col) {
      flush();
      col = x;
      ao = o[i] as number;
      ah = h[i] as number;
      al = l[i] as number;
      ac = c[i] as number;
      av = v[i] as number;
    } else {
      if ((h[i] as number) > ah) ah = h[i] as number;
      if ((l[i] as number) < al) al = l[i] as number;
      ac = c[i] as number;
      av += v[i] as number;
    }
  }
  flush();

  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.fillStyle = colors.buyBg;
  ctx.fill(volUp);
  ctx.fillStyle = colors.sellBg;
  ctx.fill(volDown);
  ctx.fillStyle = colors.buy;
  ctx.fill(up);
  ctx.fillStyle = colors.sell;
  ctx.fill(down);
  ctx.restore();
}

export function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
