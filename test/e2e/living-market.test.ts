/**
 * What a trader sees after `npm start`: the embedded paper exchange with its simulated market. The chart opens
 * full (back-filled history), the book holds many levels, trades keep arriving, and tickers move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness';

describe('the default venue, a living market', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ simulate: true, seed: 11 });
  });
  afterAll(() => e2e?.close());

  it('opens with a full chart, a deep book and a moving tape', async () => {
    const page = e2e.page;
    const bookRows = page.getByTestId('book-bids').locator('[data-price]:not([hidden]), .ob-row:not([hidden])');
    await expect.poll(() => bookRows.count(), { timeout: 20_000 }).toBeGreaterThan(5);
    const tape = page.getByTestId('trades-list').locator('.tt-row:not([hidden])');
    await expect.poll(() => tape.count(), { timeout: 20_000 }).toBeGreaterThan(3);
    // The crosshair readout holds the latest candle's OHLCV once the history is drawn.
    await expect
      .poll(() => page.getByTestId('chart-readout').textContent(), { timeout: 20_000 })
      .toMatch(/O .*H .*L .*C /);
    // New trades keep arriving: the newest row changes within a few seconds.
    const newest = await tape.first().textContent();
    await expect.poll(() => tape.first().textContent(), { timeout: 20_000 }).not.toBe(newest);
    await e2e.screenshot('workspace-live');
  });
});
