/**
 * Canvas drawing for the chart (uPlot has no candlestick series): OHLC bodies and wicks, volume bars in the
 * bottom fifth, and the account's open orders as labelled price lines. When zoomed out so far that several
 * candles share a pixel column, they are merged into one, so 100 000 candles cost one pass and a few fills.
 */
import type uPlot from 'uplot';
import type { Order } from '../../../preload/domain';
import { fromScaled, placesIn, toScaled } from './scaled';

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

const LIVE_STATUSES = new Set(['OPEN', 'PARTIAL_FILLED', 'PENDING']);

/** The open orders of the pair as dashed horizontal lines with a label at the right edge. */
export function drawOrderLines(
  u: uPlot,
  colors: ChartColors,
  orders: readonly Order[],
  pair: string,
  format: (price: string) => string,
): void {
  const yMin = u.scales.y?.min;
  const yMax = u.scales.y?.max;
  if (yMin == null || yMax == null || yMax <= yMin) return;
  const { left, top, width, height } = u.bbox;
  const pr = devicePixelRatio || 1;
  const ctx = u.ctx;
  ctx.save();
  ctx.font = `${Math.round(10.5 * pr)}px ui-monospace, 'DejaVu Sans Mono', monospace`;
  ctx.textBaseline = 'middle';
  for (const order of orders) {
    if (order.pair !== pair || !LIVE_STATUSES.has(order.status)) continue;
    const price = order.stopPrice && order.status === 'PENDING' ? order.stopPrice : order.price;
    const val = +price;
    if (!(val >= yMin && val <= yMax)) continue;
    const y = Math.round(top + (yMax - val) * (height / (yMax - yMin))) + 0.5;
    const color = order.side === 'buy' ? colors.buy : colors.sell;
    ctx.strokeStyle = color;
    ctx.lineWidth = Math.max(1, Math.round(pr));
    ctx.setLineDash([6 * pr, 4 * pr]);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    const label = `${order.side === 'buy' ? 'BUY' : 'SELL'} ${remaining(order)} @ ${format(price)}`;
    const tw = ctx.measureText(label).width + 8 * pr;
    const th = 15 * pr;
    const x = left + width - tw - 2 * pr;
    ctx.setLineDash([]);
    ctx.fillStyle = color;
    ctx.fillRect(x, y - th / 2, tw, th);
    ctx.fillStyle = colors.panel;
    ctx.fillText(label, x + 4 * pr, y + 0.5);
  }
  ctx.restore();
}

/** What is still open of an order (amount − filled − cancelled), exact; for the line's label. */
function remaining(o: Order): string {
  const places = Math.max(placesIn(o.amount), placesIn(o.filled), placesIn(o.cancelled));
  return fromScaled(toScaled(o.amount, places) - toScaled(o.filled, places) - toScaled(o.cancelled, places), places);
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
