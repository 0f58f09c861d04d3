/**
 * Market panels end to end: the market list filters and selects with the keyboard alone and the chart, book and
 * tape follow; the book shows the maker's resting levels with depth and spread; a click on a price opens the
 * ticket with it. Screenshots of each panel go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traderClient } from '../support/paper-traders';
import { type E2E, SECOND_ACCOUNT, startE2E } from './harness';

describe('market panels, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    // Resting liquidity on ETH_USD from the maker account: 3 asks and 3 bids around 3000.
    const m = e2e.maker;
    for (const [side, price, amount] of [
      ['sell', '3001.50', '0.8'],
      ['sell', '3002.00', '1.2'],
      ['sell', '3005.25', '2.5'],
      ['buy', '2999.00', '0.5'],
      ['buy', '2998.75', '1.5'],
      ['buy', '2990.00', '3'],
    ] as const) {
      await m.createOrder({ pair: 'ETH_USD', side, price, amount });
    }
    // Two trades print (a buy lifting the best ask, a sell hitting the best bid): a candle and the tape.
    const taker = traderClient(e2e.paper.url, SECOND_ACCOUNT);
    await taker.createOrder({ pair: 'ETH_USD', side: 'buy', price: '3001.50', amount: '0.3' });
    await taker.createOrder({ pair: 'ETH_USD', side: 'sell', price: '2999.00', amount: '0.2' });
  });
  afterAll(() => e2e?.close());

  it('filters the market list and selects a pair with the keyboard; chart, book and tape follow', async () => {
    const page = e2e.page;
    const list = page.locator('[data-panel="market-list"]');
    await expect.poll(() => list.getByTestId('market-row-ETH_BTC').count(), { timeout: 20_000 }).toBe(1);
    // Tickers arrive: the BTC_USD row shows a last price.
    await expect
      .poll(() => list.getByTestId('market-row-BTC_USD').locator('.num').first().textContent(), { timeout: 20_000 })
      .toMatch(/^\d/);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('market-filter');
    await page.keyboard.type('eth');
    await expect.poll(() => list.locator('[role="option"]').count()).toBe(3);
    expect(await list.locator('[role="option"]').allTextContents()).toEqual([
      expect.stringMatching(/^ETH\/USD/),
      expect.stringMatching(/^ETH\/BTC/),
      expect.stringMatching(/^ETH\/USDT/),
    ]);
    await page.keyboard.type('/usd');
    await expect.poll(() => list.locator('[role="option"]').count()).toBe(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('chart-pair').textContent()).toBe('ETH/USD');
    await expect
      .poll(() => page.locator('[data-panel="orderbook"]').getAttribute('aria-label'))
      .toBe('Order book ETH_USD');
    await expect.poll(() => page.locator('[data-panel="trades"]').getAttribute('aria-label')).toBe('Trades ETH_USD');
    await expect.poll(() => list.locator('[aria-selected="true"]').textContent()).toMatch(/^ETH\/USD/);
    // The tape shows both trades, newest first, colored by side.
    const tape = page.getByTestId('trades-list').locator('.tt-row:not([hidden])');
    await expect.poll(() => tape.count(), { timeout: 20_000 }).toBe(2);
    expect(await tape.first().getAttribute('class')).toBe('tt-row sell');
    expect(await tape.first().locator('.tt-price').textContent()).toBe('2999.00');
    expect(await tape.nth(1).getAttribute('class')).toBe('tt-row buy');
    expect(await tape.nth(1).locator('.tt-amount').textContent()).toBe('0.30000');
    // The chart drew the candle: the readout shows its OHLCV.
    await expect
      .poll(() => page.getByTestId('chart-readout').textContent(), { timeout: 20_000 })
      .toMatch(/O 3001\.50 {2}H 3001\.50 {2}L 2999\.00 {2}C 2999\.00 {2}V 0\.50000$/);
  });

  it('shows the book with grouping and spread, and a click on a price loads it into the ticket', async () => {
    const page = e2e.page;
    const asks = page.getByTestId('book-asks').locator('.ob-row:not([hidden])');
    const bids = page.getByTestId('book-bids').locator('.ob-row:not([hidden])');
    await expect.poll(() => asks.count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => bids.count()).toBe(3);
    await expect.poll(() => bids.first().locator('.ob-amount').textContent()).toBe('0.30000');
    // Asks read top-down from the deepest to the best, which sits on the spread.
    expect(await asks.allTextContents()).toEqual([
      '3005.252.500004.20000',
      '3002.001.200001.70000',
      '3001.500.500000.50000',
    ]);
    expect(await asks.last().locator('.ob-price').textContent()).toBe('3001.50');
    expect(await bids.first().locator('.ob-price').textContent()).toBe('2999.00');
    expect(await asks.last().locator('.ob-amount').textContent()).toBe('0.50000');
    expect(await asks.first().locator('.ob-total').textContent()).toBe('4.20000');
    await expect.poll(() => page.getByTestId('book-spread').textContent()).toBe('Spread2.500.083%');

    // Grouping by 1.00: 3001.50 and 3002.00 merge into the 3002.00 ask level; bids floor to 2999 / 2998 / 2990.
    await page.getByTestId('book-grouping').selectOption({ index: 2 });
    await expect.poll(() => asks.count()).toBe(2);
    expect(await asks.last().locator('.ob-price').textContent()).toBe('3002.00');
    expect(await asks.last().locator('.ob-amount').textContent()).toBe('1.70000');
    expect(await bids.nth(1).locator('.ob-price').textContent()).toBe('2998.00');
    await page.getByTestId('book-grouping').selectOption({ index: 0 });
    await expect.poll(() => asks.count()).toBe(3);

    // A click on an ask loads a buy at that price into the ticket; a click on a bid, a sell.
    await asks.nth(1).click();
    await expect.poll(() => page.getByTestId('ticket-price').inputValue()).toBe('3002.00');
    expect(await page.getByTestId('ticket-side-buy').getAttribute('aria-checked')).toBe('true');
    await bids.nth(2).click();
    await expect.poll(() => page.getByTestId('ticket-price').inputValue()).toBe('2990.00');
    expect(await page.getByTestId('ticket-side-sell').getAttribute('aria-checked')).toBe('true');

    // The trader's own resting order appears in open orders and as a price line on the chart.
    const profiles = e2e.services.profiles;
    await profiles
      .client(profiles.state().activeId)
      .createOrder({ pair: 'ETH_USD', side: 'buy', price: '2999.50', amount: '0.25' });
    await expect.poll(() => page.getByTestId('open-order-row').count(), { timeout: 20_000 }).toBe(1);

    await e2e.screenshot('market-orderbook', '[data-panel="orderbook"]');
    await e2e.screenshot('market-list', '[data-panel="market-list"]');
    await e2e.screenshot('market-chart', '[data-panel="chart"]');
    await e2e.screenshot('market-trades', '[data-panel="trades"]');
    await e2e.screenshot('market-workspace');
  });
});
