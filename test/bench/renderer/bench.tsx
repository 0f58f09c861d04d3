/**
 * The renderer bench page: the real Chart, OrderBook and TradesTape over a fake window.alp, driven by the
 * bench script through `window.bench`. Built by test/bench/renderer.bench.ts into out/bench-renderer (never
 * part of the production bundle).
 */
import type uPlot from 'uplot';
import { createFakeBridge, PAIR, syntheticBook, syntheticCandles, syntheticTrades } from './fake-bridge';

const fake = createFakeBridge();
// The bridge module reads window.alp when it loads: install the fake first, then load the app code.
window.alp = fake;

interface BenchApi {
  /** Time to the first draw of an n-candle history, and to the draw with all n converted. */
  loadCandles(n: number): Promise<{ first: number; full: number }>;
  appendCandle(): Promise<number>;
  /** Frame intervals, book+tape handler times, and each book update's depth-chart cost (data + setData + draw). */
  storm(seconds: number, hz: number): Promise<{ intervals: number[]; updates: number[]; depth: number[] }>;
  /** A book and balances for the ticket, and no confirmation step. */
  prepareOrder(): void;
  /** Arms the measurement; the bench then presses Enter in the real ticket and reads keyLatency(). */
  armKey(): void;
  /** From the Enter key event to the fake bridge receiving call('trade.place'). */
  keyLatency(): Promise<number>;
}

declare global {
  interface Window {
    bench: BenchApi;
  }
}

async function main() {
  const [{ render }, store, market, trading, keyboard] = await Promise.all([
    import('preact'),
    import('../../../renderer/src/state/store'),
    import('../../../renderer/src/market'),
    import('../../../renderer/src/trading'),
    import('../../../renderer/src/keyboard/dispatcher'),
  ]);
  await import('../../../renderer/src/styles/theme.css');
  await import('./bench.css');
  const { Chart, OrderBook, TradesTape } = market;
  const { HISTORY_TAIL } = await import('../../../renderer/src/market/Chart');
  const { OrderTicket } = trading;
  store.settings.value = {
    theme: 'dark',
    colorblind: false,
    confirmOrders: false,
    keymap: {},
    layout: {},
    lastPair: null,
    lastTimeframe: '5',
  };
  store.profiles.value = { profiles: [], activeId: 'bench', warning: null };
  store.pairs.value = [PAIR];
  store.selectedPair.value = 'BTC_USD';
  store.timeframe.value = '5';

  // The bench's own draw hook (a uPlot plugin): the app fires nothing on a draw; waiters hear each draw here.
  const drawWaiters = new Set<(candles: number, at: number) => void>();
  const drawHook: uPlot.Plugin = {
    hooks: {
      draw: (u) => {
        const candles = u.data[0]?.length ?? 0;
        const at = performance.now();
        for (const w of [...drawWaiters]) w(candles, at);
      },
    },
  };

  // The depth chart's own draw hook: the cost of one book update in the depth chart, from the emit to its draw.
  let depthSince: number | null = null;
  const depthCosts: number[] = [];
  const depthHook: uPlot.Plugin = {
    hooks: {
      draw: () => {
        if (depthSince === null) return;
        depthCosts.push(performance.now() - depthSince);
        depthSince = null;
      },
    },
  };

  const root = document.getElementById('app') as HTMLElement;
  render(
    <div class="bench-grid">
      <div class="bench-chart">
        <Chart plugins={[drawHook]} />
      </div>
      <div class="bench-book">
        <OrderBook depthPlugins={[depthHook]} />
      </div>
      <div class="bench-side">
        <div class="bench-ticket">
          <OrderTicket />
        </div>
        <div class="bench-tape">
          <TradesTape />
        </div>
      </div>
    </div>,
    root,
  );

  const drawn = (candles: number) =>
    new Promise<number>((resolve) => {
      const on = (n: number, at: number) => {
        if (n !== candles) return;
        drawWaiters.delete(on);
        resolve(at);
      };
      drawWaiters.add(on);
    });
  const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

  let tf = '5' as const;
  // The key event's own timestamp (when the browser received it), for the keypress-to-bridge latency.
  let keyDownAt = Number.NaN;
  window.addEventListener('keydown', (e) => (keyDownAt = e.timeStamp), { capture: true });
  keyboard.installKeyDispatcher(window);
  let placedBefore = 0;
  const placed = () => fake.calls.filter((c) => c.method === 'trade.place');

  window.bench = {
    async loadCandles(n) {
      // Generated once per size (the page's own garbage must not land in the measured window).
      if (fake.candles.length !== n) fake.candles = syntheticCandles(n, 300, Date.now());
      const first = drawn(Math.min(n, HISTORY_TAIL));
      const full = drawn(n);
      // Switching the timeframe reloads: call -> setData -> draw.
      store.timeframe.value = tf === '5' ? '15' : '5';
      tf = store.timeframe.value as '5';
      const [t1, t2] = await Promise.all([first, full]);
      const t0 = fake.resolvedAt.get('market.candles') ?? t1;
      return { first: t1 - t0, full: t2 - t0 };
    },
    async appendCandle() {
      const last = fake.candles[fake.candles.length - 1];
      if (!last) return Number.NaN;
      const next = { ...last, time: last.time + (tf === '5' ? 300_000 : 900_000) };
      fake.candles.push(next);
      const total = fake.candles.length;
      const done = drawn(total);
      const t0 = performance.now();
      fake.emit('market.candles', [last, next]);
      return (await done) - t0;
    },
    async storm(seconds, hz) {
      const intervals: number[] = [];
      const updates: number[] = [];
      depthCosts.length = 0;
      let running = true;
      let lastTs = 0;
      // Frame intervals from rAF timestamps (the frames' own work is read from Chromium's trace by the bench).
      const frame = (ts: number) => {
        if (!running) return;
        if (lastTs) intervals.push(ts - lastTs);
        lastTs = ts;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      let n = 0;
      const timer = setInterval(() => {
        n++;
        const t0 = performance.now();
        depthSince = t0;
        fake.emit('market.book', syntheticBook(200, 60000 + (n % 20) * 0.5, (n % 13) * 0.01));
        fake.emit('market.trades', syntheticTrades(100, 1000 + n, 60000 + (n % 20) * 0.5));
        updates.push(performance.now() - t0);
      }, 1000 / hz);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      clearInterval(timer);
      running = false;
      await nextFrame();
      return { intervals, updates, depth: [...depthCosts] };
    },
    prepareOrder() {
      fake.emit('market.book', syntheticBook(200, 60000, 0));
      const bal = (currency: string, amount: string) => ({
        currency,
        balance: amount,
        reserve: '0',
        available: amount,
        walletType: 'SPOT' as const,
        pair: null,
        accountId: null,
        updatedAt: null,
      });
      fake.emit('account.balances', [bal('USD', '1000000'), bal('BTC', '100')]);
    },
    armKey() {
      keyDownAt = Number.NaN;
      placedBefore = placed().length;
    },
    async keyLatency() {
      for (let i = 0; i < 300 && placed().length === placedBefore; i++) await nextFrame();
      const call = placed()[placedBefore];
      return call ? call.at - keyDownAt : Number.NaN;
    },
  };
  document.body.dataset.ready = 'true';
}

void main();
