/**
 * End to end in Chromium on the default Paper profile (the `current` dialect, streaming over the paper exchange's
 * WebSocket): the status bar says Streaming; a stop-limit, a market order, a FOK killed at once, an IOC killed
 * after a partial fill and a GTC partly filled each show their real outcome in the ticket, the toast, open orders
 * and history (screenshots at 1280x720 and 1920x1080). Then the keyboard order test on a `documented` profile,
 * which polls.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderType, TimeInForce } from '../../preload/domain';
import { type E2E, SECOND_ACCOUNT, startE2E } from './harness';

const PAIR = 'BTC_USD';
const plain = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');
const activeTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const T = { timeout: 15_000 };

interface Ticket {
  side: 'buy' | 'sell';
  type: OrderType;
  tif?: TimeInForce;
  price?: string;
  stopPrice?: string;
  amount: string;
}

describe('streaming, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ viewport: { width: 1280, height: 720 } });
    await e2e.maker.createOrder({ pair: PAIR, side: 'sell', price: '61000', amount: '0.05' });
    await e2e.maker.createOrder({ pair: PAIR, side: 'buy', price: '59000', amount: '0.6' });
  });
  afterAll(() => e2e?.close());

  async function place(t: Ticket): Promise<{ state: string; text: string; toast: string }> {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(t.side === 'buy' ? 'b' : 's');
    // B / S focus the first field of the ticket's current type (price, or amount for a market order).
    await expect.poll(() => activeTestId(page)).toMatch(/^ticket-(price|amount|stopPrice)$/);
    expect(await ticket.getAttribute('data-side')).toBe(t.side);
    await ticket.getByTestId('ticket-type').selectOption(t.type);
    if (t.tif) await ticket.getByTestId('ticket-tif').selectOption(t.tif);
    if (t.stopPrice) await ticket.getByTestId('ticket-stopPrice').fill(t.stopPrice);
    if (t.price) await ticket.getByTestId('ticket-price').fill(t.price);
    await ticket.getByTestId('ticket-amount').fill(t.amount);
    const previous = plain(
      await ticket
        .getByTestId('ticket-result')
        .textContent({ timeout: 100 })
        .catch(() => ''),
    );
    await ticket.getByTestId('ticket-submit').click();
    await page.getByTestId('ticket-confirm').waitFor();
    await page.keyboard.press('Enter');
    const result = ticket.getByTestId('ticket-result');
    await expect
      .poll(async () => plain(await result.textContent({ timeout: 1_000 }).catch(() => '')), T)
      .not.toBe(previous);
    const state = (await result.getAttribute('data-state')) ?? '';
    const text = plain(await result.textContent());
    const toast = plain(await page.getByTestId('notices').textContent());
    return { state, text, toast };
  }

  async function shoot(name: string) {
    // The ticket scrolls at 1280x720: bring its result into view first.
    await e2e.page.getByTestId('ticket-result').scrollIntoViewIfNeeded();
    await e2e.screenshot(`streaming-${name}-ticket`, '[data-panel="ticket"]');
    await e2e.screenshot(`streaming-${name}-tabs`, '[data-panel="tabs"]');
  }

  it('the default Paper profile streams: the status bar says Streaming, with the age of the newest data', async () => {
    const feed = e2e.page.getByTestId('status-feed');
    await expect.poll(() => feed.getAttribute('data-feed'), { timeout: 30_000 }).toBe('Streaming');
    expect(plain(await feed.textContent())).toMatch(/Streaming · \d+(\.\d)? s/);
    await expect.poll(() => e2e.page.locator('[data-panel="orderbook"]').textContent(), T).toContain('61');
    await e2e.screenshot('streaming-whole-1280');
  });

  it('stop-limit: waiting for its stop, shown with its trigger in open orders', async () => {
    const r = await place({ side: 'buy', type: 'STOP_LIMIT', stopPrice: '62000', price: '62100', amount: '0.01' });
    expect(r.state).toBe('stop_waiting');
    expect(r.text).toContain('triggers when the price is ≥ 62 000.00');
    expect(r.toast).toContain('Stop waiting');
    const row = e2e.page.getByTestId('open-orders').getByTestId('open-order-row').first();
    await expect.poll(async () => plain(await row.textContent()), T).toContain('Stop-limit');
    expect(plain(await row.locator('[data-col="stop"]').textContent())).toBe('≥ 62 000.00');
    expect(await row.locator('[data-col="status"]').textContent()).toBe('Waiting for stop');
    await expect.poll(() => row.locator('[data-col="tif"]').textContent(), T).toBe('GTC');
    expect(await row.locator('[data-col="wallet"]').textContent()).toBe('Spot');
    await shoot('stop-limit');
  });

  it('market: filled at once', async () => {
    const r = await place({ side: 'buy', type: 'MARKET', amount: '0.01' });
    expect(r.state).toBe('filled');
    expect(r.text).toContain('filled 0.010000 BTC');
    expect(r.toast).toContain('Filled');
    await shoot('market');
  });

  it('FOK that cannot fill whole: killed at once, nothing filled', async () => {
    const r = await place({ side: 'buy', type: 'LIMIT', tif: 'FOK', price: '61000', amount: '1' });
    expect(r.state).toBe('killed');
    expect(r.text).toContain('Killed by FOK');
    expect(r.text).toContain('nothing filled');
    expect(r.toast).toContain('Killed by FOK');
    await shoot('fok-killed');
  });

  it('IOC: what could fill filled, the rest killed', async () => {
    const r = await place({ side: 'buy', type: 'LIMIT', tif: 'IOC', price: '61000', amount: '0.1' });
    expect(r.state).toBe('killed');
    expect(r.text).toMatch(/0\.040000 BTC of 0\.100000 BTC filled/);
    await shoot('ioc-partial');
  });

  it('GTC partly filled: the rest rests on the book', async () => {
    await e2e.maker.createOrder({ pair: PAIR, side: 'sell', price: '61000', amount: '0.02' });
    const r = await place({ side: 'buy', type: 'LIMIT', tif: 'GTC', price: '61000', amount: '0.05' });
    expect(r.state).toBe('partly_filled');
    expect(r.text).toMatch(/0\.020000 BTC of 0\.050000 BTC filled/);
    const rows = e2e.page.getByTestId('open-orders').getByTestId('open-order-row');
    await expect
      .poll(async () => (await rows.allTextContents()).some((t) => t.includes('Partly filled')), T)
      .toBe(true);
    await shoot('partly-filled');
  });

  it('history shows each as it is: market filled, FOK and IOC killed, with type, tif and wallet', async () => {
    const page = e2e.page;
    await page.getByTestId('tab-history').click();
    const history = page.getByTestId('order-history');
    await expect
      .poll(async () => plain(await history.textContent({ timeout: 1_000 }).catch(() => '')), T)
      .toContain('Killed (FOK), nothing filled');
    const text = plain(await history.textContent());
    expect(text).toContain('Killed (IOC) after a partial fill');
    expect(text).toContain('Market');
    expect(text).toContain('FOK');
    await e2e.screenshot('streaming-history', '[data-panel="tabs"]');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await e2e.screenshot('streaming-history-1920');
    await page.getByTestId('tab-orders').click();
    await e2e.screenshot('streaming-whole-1920');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('the keyboard order test on a documented profile (it polls)', async () => {
    const page = e2e.page;
    const added = await e2e.services.profiles.add({
      label: 'Documented',
      venue: 'paper',
      apiKey: SECOND_ACCOUNT.key,
      apiSecret: SECOND_ACCOUNT.secret,
      color: '#22aa88',
      dialect: 'documented',
    });
    await e2e.services.profiles.activate(added.id);
    await expect
      .poll(async () => plain(await page.getByTestId('status-profile').textContent()), T)
      .toContain('Documented');
    await expect.poll(() => page.getByTestId('status-feed').getAttribute('data-feed'), T).toBe('Polling');
    const ticket = page.locator('[data-panel="ticket"]');
    await expect.poll(() => ticket.getByTestId('ticket-available').textContent(), T).toMatch(/USD$/);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('b');
    await expect.poll(() => activeTestId(page)).toBe('ticket-price');
    await page.keyboard.type('59500');
    await page.keyboard.press('Tab');
    await page.keyboard.type('0.01');
    await page.keyboard.press('Enter');
    await page.getByTestId('ticket-confirm').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => ticket.getByTestId('ticket-result').getAttribute('data-state'), T).toBe('resting');
    const rows = page.getByTestId('open-orders').getByTestId('open-order-row');
    await expect.poll(() => rows.count(), T).toBe(1);
    expect(plain(await rows.first().textContent())).toContain('59 500.00');
    await e2e.screenshot('streaming-documented-profile');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('o');
    await expect.poll(() => activeTestId(page)).toBe('open-orders');
    await page.keyboard.press('Delete');
    await expect.poll(() => rows.count(), T).toBe(0);
  });
});
