/**
 * P&L, portfolio and depth end to end in Chromium (browser mode): the depth chart under the book draws the
 * maker's levels live, hover reads the exact cumulative size, a click loads the price into the ticket; the P&L
 * tab shows what main computed from the profile's own trades (checked by hand against the fee schedule); the
 * status bar shows the pair's P&L; a CSV export downloads. Screenshots at 1280x720 and 1920x1080.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountPnl } from '../../preload/domain';
import { type E2E, startE2E } from './harness';

const PAIR = 'BTC_USD';

describe('P&L, portfolio and depth, end to end', () => {
  let e2e: E2E;
  let profileId: string;
  beforeAll(async () => {
    e2e = await startE2E({ viewport: { width: 1280, height: 720 } });
    const m = e2e.maker;
    for (const [side, price, amount] of [
      ['sell', '61000', '0.5'],
      ['sell', '61500', '1.25'],
      ['sell', '62000', '2'],
      ['buy', '59000', '0.6'],
      ['buy', '58500', '1'],
      ['buy', '58000', '2.5'],
    ] as const) {
      await m.createOrder({ pair: PAIR, side, price, amount });
    }
    // The app's own (built-in Paper) profile trades: buys 0.1 at 61 000, sells 0.05 at 59 000 (taker, 0.2 %).
    profileId = e2e.services.profiles.state().activeId;
    const own = e2e.services.profiles.client(profileId);
    await own.createOrder({ pair: PAIR, side: 'buy', price: '61000', amount: '0.1' });
    await own.createOrder({ pair: PAIR, side: 'sell', price: '59000', amount: '0.05' });
    // A resting own order, drawn on the depth chart.
    await own.createOrder({ pair: PAIR, side: 'buy', price: '58800', amount: '0.01' });
    // At 1280x720 the default layout leaves the book too short for the depth chart (it steps aside below 400 px):
    // give the book row more height, as a trader would with the splitters.
    await e2e.services.dispatch('settings.update', { layout: { chart: 0.2, bottom: 140 } });
    await e2e.reload();
  });
  afterAll(() => e2e?.close());

  it('main computes the P&L from the own trades exactly (fees: base on the buy, quote on the sell)', async () => {
    const r = await e2e.services.dispatch('pnl.summary', { profileId, pair: PAIR });
    expect(r.ok).toBe(true);
    const pnl = (r as { ok: true; value: AccountPnl }).value;
    const p = pnl.pairs.find((x) => x.pair === PAIR);
    // Bought 0.1 for 6100 less a 0.0002 BTC fee: 0.0998 BTC cost 6100. Sold 0.05 for 2950 less 5.9 USD:
    // realised = 2944.1 − 6100 × 0.05 / 0.0998 = −112.012224448897795...
    expect(p).toMatchObject({
      trades: 2,
      position: '0.04980000',
      feesBase: '0.00020000',
      feesQuote: '5.90000000',
      realised: '-112.01222445',
      averageEntry: '61122.24448898',
    });
  });

  it('draws the depth chart under the book; hover reads the cumulative size; a click loads the ticket', async () => {
    const page = e2e.page;
    const depth = page.getByTestId('depth-chart');
    await expect.poll(() => depth.isVisible(), { timeout: 20_000 }).toBe(true);
    const plot = depth.locator('.u-over');
    await expect.poll(async () => (await plot.boundingBox())?.width ?? 0, { timeout: 20_000 }).toBeGreaterThan(100);
    // Wait for the book: the readout answers a hover on the far right (the deepest ask: 0.5 − 0.1 bought + 1.25 + 2).
    const box = await plot.boundingBox();
    if (!box) throw new Error('no depth plot');
    await expect
      .poll(
        async () => {
          await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
          return depth.getByTestId('depth-readout').textContent();
        },
        { timeout: 20_000 },
      )
      .toMatch(/^Asks 62000\.00 · Σ 3\.650000$/);
    // The far left is the deepest bid: everything bid, summed exactly (0.6 − 0.05 sold into it + 1 + 2.5 + own 0.01).
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await expect.poll(() => depth.getByTestId('depth-readout').textContent()).toMatch(/^Bids 58000\.00 · Σ 4\.060000$/);
    await e2e.screenshot('pnl-depth-1280', '[data-panel="orderbook"]');
    // The header toggle hides and shows it.
    await page.getByTestId('book-depth-toggle').click();
    await expect.poll(() => depth.count()).toBe(0);
    await page.getByTestId('book-depth-toggle').click();
    await expect.poll(() => page.getByTestId('depth-chart').isVisible()).toBe(true);
    await expect.poll(async () => (await plot.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    const box2 = await plot.boundingBox();
    if (!box2) throw new Error('no depth plot');

    // A click right of the mid loads a buy at that price; left of it, a sell.
    await page.mouse.click(box2.x + box2.width * 0.85, box2.y + box2.height / 2);
    await expect.poll(() => page.getByTestId('ticket-side-buy').getAttribute('aria-checked')).toBe('true');
    // Buy was already the ticket's side: wait for the price the click loads, not just the side.
    await expect.poll(async () => Number(await page.getByTestId('ticket-price').inputValue())).toBeGreaterThan(60000);
    const buyPrice = Number(await page.getByTestId('ticket-price').inputValue());
    expect(buyPrice).toBeLessThanOrEqual(62000);
    await page.keyboard.press('Escape');
    await page.mouse.click(box2.x + box2.width * 0.15, box2.y + box2.height / 2);
    await expect.poll(() => page.getByTestId('ticket-side-sell').getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => Number(await page.getByTestId('ticket-price').inputValue())).toBeGreaterThan(0);
    const sellPrice = Number(await page.getByTestId('ticket-price').inputValue());
    expect(sellPrice).toBeGreaterThanOrEqual(58000);
    expect(sellPrice).toBeLessThan(60000);
  });

  it('shows the P&L tab, the status-bar figure, and downloads a CSV export', async () => {
    const page = e2e.page;
    await page.getByTestId('tab-pnl').click();
    const row = page.locator('[data-testid="pnl-pairs"] tr[data-pair="BTC_USD"]');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe('BTC/USD');
    expect(cells[1]).toBe('2');
    expect(cells[2]).toBe('0.04980000 BTC');
    expect(cells[3]).toBe('61\u2009122.24');
    expect(cells[5]).toBe('−112.01');
    await expect.poll(() => page.getByTestId('pnl-realised').textContent()).toBe('−112.01');
    await expect.poll(() => page.getByTestId('pnl-value').textContent(), { timeout: 30_000 }).toMatch(/^\d/);
    await expect
      .poll(() => page.getByTestId('status-pnl').textContent(), { timeout: 30_000 })
      .toMatch(/^P&L BTC\/USD [−+]?[\d\u2009]+\.\d{2} USD$/);
    // The value history is drawn (the chart has its canvas sized and its points).
    await expect
      .poll(async () => (await page.locator('[data-testid="pnl-value-chart"] canvas').boundingBox())?.width ?? 0)
      .toBeGreaterThan(100);
    await expect
      .poll(() => page.getByTestId('pnl-value-chart').getAttribute('data-points'), { timeout: 30_000 })
      .toBe('120');
    await e2e.screenshot('pnl-1280');

    await page.getByTestId('export-kind').selectOption('trades');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^alp-trades-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'time,id,order_id,pair,side,price,amount,quote_amount,fee,fee_currency,fee_rate,maker,wallet_type,account_id',
    );
    expect(lines.filter((l) => l.includes(',BTC_USD,'))).toHaveLength(2);
    expect(text).toMatch(/,BTC_USD,buy,61000,0\.1,6100,0\.0002,BTC,/);
    expect(text).toMatch(/,BTC_USD,sell,59000,0\.05,2950,5\.9,USD,/);
  });

  it('looks right at 1920x1080', async () => {
    const page = e2e.page;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect
      .poll(async () => (await page.locator('[data-testid="depth-chart"] canvas').boundingBox())?.height ?? 0)
      .toBeGreaterThan(60);
    await page.getByTestId('tab-pnl').click();
    await expect.poll(() => page.locator('[data-testid="pnl-pairs"] tr[data-pair="BTC_USD"]').count()).toBe(1);
    await expect.poll(() => page.getByTestId('pnl-value-chart').getAttribute('data-points')).toBe('120');
    await e2e.screenshot('pnl-1920');
    await e2e.screenshot('pnl-depth-1920', '[data-panel="orderbook"]');
  });
});
