/**
 * The desk's layout at a laptop's 1280x720 and a desktop's 1920x1080: the ticket's submit button and result
 * inside the viewport, whole book rows only, tables filling their panel, screenshots of every panel; panels
 * shown and hidden, and named layouts that survive a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inViewport, ready, submitTicket } from './desk-helpers';
import { type E2E, startE2E } from './harness';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

describe.each(SIZES)('desk layout at $width x $height', (viewport) => {
  const tag = `${viewport.width}x${viewport.height}`;
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ viewport });
    await e2e.maker.createOrder({ pair: 'BTC_USD', side: 'sell', price: '61000', amount: '0.6' });
    await e2e.maker.createOrder({ pair: 'BTC_USD', side: 'buy', price: '59000', amount: '0.6' });
    await ready(e2e.page);
  }, 120_000);
  afterAll(() => e2e?.close());

  it('keeps the submit button and the result in view, with whole book rows and full-width tables', async () => {
    const page = e2e.page;
    const ticket = page.locator('[data-panel="ticket"]');
    // The longest ticket: a stop-limit margin order shows every option.
    await ticket.getByTestId('ticket-type').selectOption('STOP_LIMIT');
    await ticket.getByTestId('ticket-wallet').selectOption('CROSS_MARGIN');
    expect(await inViewport(page, 'ticket-submit')).toBe(true);
    await ticket.getByTestId('ticket-type').selectOption('LIMIT');
    await ticket.getByTestId('ticket-wallet').selectOption('SPOT');
    await ticket.getByTestId('ticket-price').fill('50000');
    await ticket.getByTestId('ticket-amount').fill('0.001');
    await submitTicket(page);
    await expect
      .poll(() => ticket.getByTestId('ticket-result').getAttribute('data-outcome'), { timeout: 15_000 })
      .toBe('created');
    expect(await inViewport(page, 'ticket-submit')).toBe(true);
    expect(await inViewport(page, 'ticket-result')).toBe(true);

    // Every book row shown is whole: none sticks out of its side of the book.
    await expect.poll(() => page.locator('[data-panel="orderbook"] .ob-row:not([hidden])').count()).toBeGreaterThan(2);
    const clipped = await page.evaluate(
      () =>
        [...document.querySelectorAll<HTMLElement>('[data-panel="orderbook"] .ob-side')].flatMap((side) => {
          const box = side.getBoundingClientRect();
          return [...side.querySelectorAll<HTMLElement>('.ob-row:not([hidden])')]
            .map((r) => r.getBoundingClientRect())
            .filter((r) => r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5);
        }).length,
    );
    expect(clipped).toBe(0);

    // The open orders table spans its panel.
    const widths = await page.evaluate(() => {
      const table = document.querySelector<HTMLElement>('[data-testid="open-orders"]');
      const panel = document.querySelector<HTMLElement>('[data-panel="tabs"] .tr-tabpanel');
      return { table: table?.getBoundingClientRect().width ?? 0, panel: panel?.clientWidth ?? 1 };
    });
    expect(widths.table).toBeGreaterThanOrEqual(widths.panel - 20);

    await e2e.screenshot(`desk-${tag}`);
    for (const slot of ['markets', 'chart', 'book', 'trades', 'ticket', 'margin', 'tabs'])
      await e2e.screenshot(`desk-${tag}-${slot}`, `[data-slot="${slot}"]`);
  }, 120_000);

  it('hides panels, saves a named layout, and finds it again after a reload', async () => {
    const page = e2e.page;
    await page.getByTestId('layout-menu').click();
    await page.getByTestId('layout-apply-Chart focus').click();
    await expect.poll(() => page.locator('[data-slot="markets"]').count()).toBe(0);
    expect(await page.locator('[data-slot="chart"]').count()).toBe(1);
    expect(await inViewport(page, 'ticket-submit')).toBe(true);
    await e2e.screenshot(`desk-${tag}-chart-focus`);

    await page.getByTestId('layout-apply-Order flow').click();
    await expect.poll(() => page.locator('[data-slot="markets"]').count()).toBe(1);
    expect(await page.locator('[data-slot="margin"]').count()).toBe(0);
    await page.getByTestId('panel-toggle-trades').uncheck();
    await expect.poll(() => page.locator('[data-slot="trades"]').count()).toBe(0);
    await page.getByTestId('layout-name').fill('My desk');
    await page.getByTestId('layout-save').click();
    await expect.poll(() => page.getByTestId('layout-menu').textContent()).toContain('My desk');
    await e2e.screenshot(`desk-${tag}-layout-menu`, '[data-testid="layout-pop"]');

    await e2e.reload();
    await ready(e2e.page);
    const again = e2e.page;
    expect(await again.getByTestId('layout-menu').textContent()).toContain('My desk');
    expect(await again.locator('[data-slot="trades"]').count()).toBe(0);
    expect(await again.locator('[data-slot="margin"]').count()).toBe(0);
    await again.getByTestId('layout-menu').click();
    await again.getByTestId('layout-apply-Default').click();
    await expect.poll(() => again.locator('[data-slot="trades"]').count()).toBe(1);
    await again.getByTestId('layout-apply-My desk').click();
    await expect.poll(() => again.locator('[data-slot="trades"]').count()).toBe(0);
    await again.getByTestId('layout-apply-Default').click();
  }, 120_000);
});
