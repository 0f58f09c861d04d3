/**
 * Trading end to end, with the keyboard alone: a limit order placed with B, typed and stepped fields, Enter and
 * a confirming Enter shows in open orders and on the chart, and is cancelled with a key; a crossing order fills
 * with a notification, an own trade and balances that move by exactly the amount and the fee of the schedule;
 * an order error shows its plain message before anything is sent. Screenshots of the ticket and every tab.
 */
import Decimal from 'decimal.js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traderClient } from '../support/paper-traders';
import { type E2E, SECOND_ACCOUNT, startE2E } from './harness';

const PAIR = 'BTC_USD';

/** The figure in a cell, as a decimal (figures are grouped with spaces). */
async function cell(page: Page, currency: string, col: string): Promise<Decimal> {
  const text = await page
    .locator(`[data-testid="balances"] tr[data-currency="${currency}"] [data-col="${col}"]`)
    .textContent();
  return new Decimal((text ?? '').replace(/\s/g, ''));
}

/** Pixels of the buy color on the chart canvas: an order line adds a long dashed row of them. */
async function buyPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-panel="chart"] canvas');
    const probe = document.createElement('div');
    probe.style.color = 'var(--buy)';
    document.body.append(probe);
    const rgb = getComputedStyle(probe).color.match(/\d+/g)?.map(Number) ?? [];
    probe.remove();
    if (!canvas || rgb.length < 3) return -1;
    const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
    if (!data) return -1;
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i] === rgb[0] && data[i + 1] === rgb[1] && data[i + 2] === rgb[2]) n++;
    return n;
  });
}

/** Text with the figures' narrow no-break spaces read as plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');

const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

describe('trading, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    // The maker's resting book on BTC_USD: the best ask 61 000, the best bid 59 000. A second account trades
    // at both, so the chart has a candle from 59 000 to 61 000 to draw the order lines against.
    await e2e.maker.createOrder({ pair: PAIR, side: 'sell', price: '61000', amount: '0.6' });
    await e2e.maker.createOrder({ pair: PAIR, side: 'buy', price: '59000', amount: '0.6' });
    const other = traderClient(e2e.paper.url, SECOND_ACCOUNT);
    await other.createOrder({ pair: PAIR, side: 'buy', price: '61000', amount: '0.05' });
    await other.createOrder({ pair: PAIR, side: 'sell', price: '59000', amount: '0.05' });
  });
  afterAll(() => e2e?.close());

  it('places a limit order with the keyboard alone, shows it in open orders and on the chart, cancels it with a key', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await expect.poll(() => ticket.locator('.tr-pair').textContent(), { timeout: 20_000 }).toBe('BTC/USD');
    await expect.poll(() => ticket.getByTestId('ticket-available').textContent(), { timeout: 20_000 }).toMatch(/USD$/);
    // The book has loaded the best prices (B loads the best ask).
    await expect
      .poll(() => page.locator('[data-panel="orderbook"]').textContent(), { timeout: 20_000 })
      .toContain('61');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const before = await buyPixels(page);

    await page.keyboard.press('b');
    await expect.poll(() => activeTestId(page)).toBe('ticket-price');
    expect(await ticket.getAttribute('data-side')).toBe('buy');
    await expect.poll(() => ticket.getByTestId('ticket-price').inputValue()).toBe('61000.00');
    // The loaded price is selected: typing replaces it; arrows step one tick, Shift ×10.
    await page.keyboard.type('59500');
    await page.keyboard.press('ArrowUp');
    expect(await ticket.getByTestId('ticket-price').inputValue()).toBe('59500.01');
    await page.keyboard.press('Shift+ArrowDown');
    expect(await ticket.getByTestId('ticket-price').inputValue()).toBe('59499.91');
    await page.keyboard.press('Tab');
    expect(await activeTestId(page)).toBe('ticket-amount');
    await page.keyboard.type('0.01');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    expect(await ticket.getByTestId('ticket-amount').inputValue()).toBe('0.010000');
    expect(plain(await ticket.getByTestId('ticket-total').textContent())).toBe('595.00 USD'); // 594.9991 rounded half up;
    await e2e.screenshot('trading-ticket', '[data-panel="ticket"]');

    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('ticket-confirm');
    await confirm.waitFor();
    await e2e.screenshot('trading-ticket-confirm', '[data-testid="ticket-confirm"]');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => ticket.getByTestId('ticket-result').getAttribute('data-outcome'), { timeout: 10_000 })
      .toBe('created');
    expect(await confirm.count()).toBe(0);

    const rows = page.getByTestId('open-orders').getByTestId('open-order-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(plain(await rows.first().textContent())).toContain('59 499.91');
    // The chart draws it as a price line.
    await expect.poll(() => buyPixels(page), { timeout: 10_000 }).toBeGreaterThan(before + 100);
    await e2e.screenshot('trading-chart-order-line', '[data-panel="chart"]');
    await e2e.screenshot('trading-tab-open-orders', '[data-panel="tabs"]');

    // Esc clears the ticket, Esc again leaves it; O focuses the open orders, Delete cancels the selected one.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('o');
    await expect.poll(() => activeTestId(page)).toBe('open-orders');
    await expect.poll(() => rows.first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Delete');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(async () => plain(await page.getByTestId('notices').textContent()))
      .toContain('Cancelled buy 0.010000 BTC at 59 499.91');
  }, 120_000);

  it('fills a crossing order: notification, own trade, balances moved by exactly the amount and the fee', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await page.getByTestId('tab-balances').click();
    await expect
      .poll(() => page.locator('[data-testid="balances"] tr[data-currency="BTC"]').count(), { timeout: 10_000 })
      .toBe(1);
    // Nothing is reserved now, so the balances are steady.
    await expect.poll(async () => (await cell(page, 'USD', 'reserve')).isZero(), { timeout: 10_000 }).toBe(true);
    const usd0 = await cell(page, 'USD', 'balance');
    const btc0 = await cell(page, 'BTC', 'balance');
    await e2e.screenshot('trading-tab-balances', '[data-panel="tabs"]');

    const taker = new Decimal((await e2e.maker.feeInfo()).find((f) => f.pair === PAIR)?.takerRate ?? 'NaN');
    const price = new Decimal('61000');
    const amount = new Decimal('0.01');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('b');
    await expect.poll(() => activeTestId(page)).toBe('ticket-price');
    await expect.poll(() => ticket.getByTestId('ticket-price').inputValue()).toBe('61000.00');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.01');
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-confirm').waitFor();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => plain(await ticket.getByTestId('ticket-result').textContent()), { timeout: 10_000 })
      .toContain('filled 0.010000 BTC at 61 000.00');

    const fee = amount.mul(taker); // bought BTC: the fee is charged in BTC
    await expect
      .poll(async () => plain(await page.getByTestId('notices').textContent()), { timeout: 15_000 })
      .toContain(`Bought 0.010000 BTC at 61 000.00 (fee ${fee.toFixed(6)} BTC)`);
    await expect
      .poll(async () => (await cell(page, 'BTC', 'balance')).toFixed(), { timeout: 15_000 })
      .toBe(btc0.add(amount).sub(fee).toFixed());
    expect((await cell(page, 'USD', 'balance')).toFixed()).toBe(usd0.sub(price.mul(amount)).toFixed());

    await page.getByTestId('tab-trades').click();
    const trade = page.getByTestId('own-trades').getByTestId('own-trade-row').first();
    await expect.poll(async () => plain(await trade.textContent()), { timeout: 10_000 }).toContain('61 000.00');
    expect(await trade.textContent()).toContain('0.010000');
    await e2e.screenshot('trading-tab-own-trades', '[data-panel="tabs"]');
    // The default Paper profile speaks today's API, which has no deposit/withdrawal lists: the tab says why.
    await page.getByTestId('tab-funding').click();
    await expect
      .poll(async () => plain(await page.locator('#tabpanel-funding').textContent({ timeout: 5_000 })), {
        timeout: 10_000,
      })
      .toMatch(/no deposit history/i);
    await e2e.screenshot('trading-tab-funding', '[data-panel="tabs"]');
    for (const tab of ['history', 'fees'] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect.poll(() => page.locator('.tr-tabpanel table').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await e2e.screenshot(`trading-tab-${tab}`, '[data-panel="tabs"]');
    }
    expect(await page.getByTestId('fees').textContent()).toContain(`${taker.mul(100).toFixed()}%`);
  }, 120_000);

  it('shows an order error in plain words before sending, and nothing is sent', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('s');
    await expect.poll(() => activeTestId(page)).toBe('ticket-price');
    expect(await ticket.getAttribute('data-side')).toBe('sell');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.0000001');
    await expect
      .poll(() => ticket.getByTestId('ticket-amount-error').textContent())
      .toBe('Amount allows 6 decimals: use 0.000000.');
    // Esc clears, Esc again leaves the ticket so S works as a key again.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('s');
    await expect.poll(() => activeTestId(page)).toBe('ticket-price');
    await page.keyboard.press('Tab');
    await page.keyboard.type('50');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => plain(await ticket.getByTestId('ticket-total-error').textContent()))
      .toMatch(/^Not enough BTC: this order needs 50\.000000, [\d.]+ is available\. Lower the amount\.$/);
    expect(await page.getByTestId('ticket-confirm').count()).toBe(0);
    expect(await activeTestId(page)).toBe('ticket-amount');
    await e2e.screenshot('trading-ticket-error', '[data-panel="ticket"]');
    expect(await e2e.maker.ownOrders({ status: 'open', pair: PAIR })).toHaveLength(2);
  }, 100_000);
});
