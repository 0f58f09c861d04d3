/**
 * Algos end to end in Chromium, keyboard only: a TWAP started from the algo ticket (Alt+A), its progress
 * watched in the Algos panel as slices fill against a resting maker, then cancelled with G, X (the panel says
 * what filled, the exchange holds no open child); a price alert set from the chart (Alt+click, then the form
 * with the keyboard) fires with a notification when the last price crosses it. Screenshots at 1280x720 and 1920x1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traderClient } from '../support/paper-traders';
import { type E2E, SECOND_ACCOUNT, startE2E } from './harness';

const PAIR = 'BTC_USD';

describe('algos, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ viewport: { width: 1280, height: 720 } });
    await e2e.maker.createOrder({ pair: PAIR, side: 'sell', price: '61000', amount: '1' });
  });
  afterAll(() => e2e?.close());

  it('starts a TWAP from the keyboard, shows its progress, cancels it with a key', async () => {
    const page = e2e.page;
    const panel = page.getByTestId('algos-panel');
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    await expect
      .poll(() => page.locator('[data-panel="ticket"] .tr-pair').textContent(), { timeout: 20_000 })
      .toBe('BTC/USD');
    await page.locator('body').click({ position: { x: 5, y: 5 } });

    await page.keyboard.press('Alt+a');
    const form = page.getByTestId('algo-form');
    await expect.poll(() => form.isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('algo-type');
    // Type: TWAP (the default) · Side: buy (the default) · total · duration · slices · price limit, Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.03');
    await page.keyboard.press('Tab');
    await page.keyboard.type('120');
    await page.keyboard.press('Tab');
    await page.keyboard.type('3');
    await page.keyboard.press('Tab');
    await page.keyboard.type('61000');
    await e2e.screenshot('algos-ticket-1280x720');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.count()).toBe(0);

    const row = panel.getByTestId('algo-row').first();
    await expect.poll(() => row.getByTestId('algo-progress').textContent(), { timeout: 30_000 }).toBe('0.01 / 0.03');
    await expect.poll(() => row.getByTestId('algo-status').textContent()).toBe('running');
    expect(await row.textContent()).toContain('avg 61000');
    await e2e.screenshot('algos-running-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await e2e.screenshot('algos-running-1920x1080');
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('algos-list');
    await page.keyboard.press('x');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('cancelled');
    expect(await row.textContent()).toContain(
      'Cancelled: filled 0.01 of 0.03 BTC at an average 61000 USD, 1 child order.',
    );
    const open = await e2e.maker.orderbook({ pair: PAIR });
    // Only the maker's own ask is left on the book: the algo's children are all closed.
    expect(open.bids).toEqual([]);
    await e2e.screenshot('algos-cancelled-1280x720', '[data-testid="algos-panel"]');
  });

  it('sets a price alert from the chart (Alt+click) and sees it fire when the last price crosses it', async () => {
    const page = e2e.page;
    // Alt+click on the plot opens the alert form at the price under the pointer.
    const over = page.locator('[data-panel="chart"] .u-over');
    const box = await over.boundingBox();
    if (!box) throw new Error('chart plot not found');
    await over.click({ modifiers: ['Alt'], position: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('alert-price');
    expect(await page.locator('#alert-price').inputValue()).toMatch(/^\d+\.\d{2}$/);
    await page.keyboard.press('Control+a');
    await page.keyboard.type('60500');
    await page.keyboard.press('Enter');
    const alertRow = page.getByTestId('alert-row').first();
    await expect.poll(() => alertRow.textContent(), { timeout: 20_000 }).toContain('BTC/USD last crossing 60500');
    expect(await alertRow.getAttribute('data-active')).toBe('true');

    // The last trade goes from 61 000 to 60 000: the alert fires once, with a notification.
    const other = traderClient(e2e.paper.url, SECOND_ACCOUNT);
    await e2e.maker.createOrder({ pair: PAIR, side: 'buy', price: '60000', amount: '0.01' });
    await other.createOrder({ pair: PAIR, side: 'sell', price: '60000', amount: '0.01' });
    await expect
      .poll(() => page.getByTestId('notices').textContent(), { timeout: 30_000 })
      .toContain('Alert: BTC_USD last crossed 60500');
    await expect.poll(() => alertRow.getAttribute('data-active')).toBe('false');
    expect(await alertRow.textContent()).toContain('fired 1×');
    await e2e.screenshot('algos-alert-fired-1280x720');
  });
});
