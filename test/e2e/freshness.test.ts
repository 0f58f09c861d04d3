/**
 * Stale panels, end to end on the default Paper profile (streaming): a quiet market on a live socket is not
 * stale; with the exchange out of reach (a TCP proxy between the app and the paper exchange cuts every connection
 * and refuses new ones) the chart, book, trades, market list and account tabs are dimmed with a "stale N s" tag;
 * once it is back they are not. Also the cosmetic checks of the desk: the chart drops its "no candles yet" note
 * when a candle arrives, no label names an API version, and the page itself never scrolls at 1280x720.
 * Slow by nature (~20 s): staleness means more than 5 s without data, and the feed has to reconnect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plain, ready, submitTicket } from './desk-helpers';
import { type E2E, startE2E } from './harness';

const MARKED = ['market-list', 'chart', 'orderbook', 'trades', 'tabs'];

describe('stale panels', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ viewport: { width: 1280, height: 720 }, proxy: true });
    await e2e.maker.createOrder({ pair: 'BTC_USD', side: 'sell', price: '61000', amount: '0.5' });
    await e2e.maker.createOrder({ pair: 'BTC_USD', side: 'buy', price: '59000', amount: '0.5' });
    await ready(e2e.page);
  }, 120_000);
  afterAll(() => e2e?.close());

  const staleOf = () =>
    e2e.page.evaluate((panels) => {
      const out: Record<string, string> = {};
      for (const p of panels)
        out[p] = document.querySelector(`[data-panel="${p}"]`)?.getAttribute('data-stale') ?? 'missing';
      return out;
    }, MARKED);
  const all = (value: string) => Object.fromEntries(MARKED.map((p) => [p, value]));

  it('a trade draws its candle without the "no candles yet" note, and no label names an API version', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await ticket.getByTestId('ticket-price').fill('61000');
    await ticket.getByTestId('ticket-amount').fill('0.01');
    await submitTicket(page);
    await expect.poll(() => ticket.getByTestId('ticket-result').getAttribute('data-outcome')).toBe('created');
    // The trade reaches the tape, and its candle the chart: the empty-chart note is gone.
    await expect.poll(() => page.getByTestId('trades-list').textContent()).toContain('61000.00');
    await expect.poll(() => page.getByTestId('chart-readout').textContent()).toMatch(/C 61000\.00/);
    await expect.poll(() => page.locator('[data-panel="chart"] .chart-msg').count()).toBe(0);
    // Labels speak trading: no "V1"/"v3" anywhere on a profile of the current dialect (menus closed or open).
    // biome-ignore lint/performance/useDomNodeTextContent: the text a trader sees, laid out (textContent glues words)
    expect(plain(await page.locator('body').innerText())).not.toMatch(/\bv[13]\b/i);
    await ticket.getByTestId('ticket-price').fill('50000');
    await ticket.getByTestId('ticket-amount').fill('0.01');
    await page.getByTestId('ticket-submit').click();
    await page.getByTestId('ticket-confirm').waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: the text a trader sees, laid out (textContent glues words)
    expect(plain(await page.getByTestId('ticket-confirm').innerText())).not.toMatch(/\bv[13]\b/i);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('ticket-confirm').count()).toBe(0);
    // The page never scrolls: every panel scrolls within itself.
    const page_ = await page.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      view: document.documentElement.clientHeight,
      margin: document.querySelector('[data-slot="margin"]')?.getBoundingClientRect().height ?? 0,
    }));
    expect(page_.scroll).toBe(page_.view);
    // The margin panel gets the column the empty algos panel does not need.
    expect(page_.margin).toBeGreaterThan(300);
  }, 120_000);

  it('a quiet market on a live socket is not stale; an unreachable exchange is, until it is back', async () => {
    const page = e2e.page;
    const feed = page.getByTestId('status-feed');
    await expect.poll(() => feed.getAttribute('data-feed'), { timeout: 30_000 }).toBe('Streaming');
    // Nothing trades now: the book and tape send nothing for well over the 5 s threshold, and stay fresh. (What
    // is tested is that nothing happens for a while, so this one wait is on the clock.)
    const quietSince = Date.now();
    await expect.poll(() => Date.now() - quietSince, { timeout: 15_000, interval: 500 }).toBeGreaterThan(7_000);
    expect(await staleOf()).toEqual(all('false'));

    e2e.proxy?.setDown(true);
    await expect.poll(() => feed.getAttribute('data-feed'), { timeout: 30_000 }).toBe('Offline');
    await expect.poll(staleOf, { timeout: 30_000 }).toEqual(all('true'));
    const tag = page.locator('[data-panel="orderbook"] [data-testid="stale-tag"]');
    expect(await tag.isVisible()).toBe(true);
    expect(plain(await tag.textContent())).toMatch(/^stale \d+ s$/);
    // The age counts up.
    const first = Number(/(\d+) s/.exec(plain(await tag.textContent()))?.[1]);
    await expect.poll(async () => Number(/(\d+) s/.exec(plain(await tag.textContent()))?.[1])).toBeGreaterThan(first);
    await e2e.screenshot('freshness-stale-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await e2e.screenshot('freshness-stale-1920x1080');

    e2e.proxy?.setDown(false);
    await expect.poll(staleOf, { timeout: 60_000 }).toEqual(all('false'));
    expect(await tag.isVisible()).toBe(false);
    await expect.poll(() => feed.getAttribute('data-feed'), { timeout: 60_000 }).toBe('Streaming');
    await e2e.screenshot('freshness-back-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });
    await e2e.screenshot('freshness-back-1280x720');
  }, 180_000);
});
