/** Shared steps of the desk end-to-end tests. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { E2E } from './harness';

/** Text with the figures' narrow no-break spaces read as plain spaces. */
export const plain = (text: string | null) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');

/** Waits until the workspace has its pair, balances and book. */
export async function ready(page: Page): Promise<void> {
  // Plain waits (not expect.poll): this also runs in beforeAll, outside a test.
  await page.locator('[data-panel="ticket"] .tr-pair', { hasText: 'BTC/USD' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(
    () => /USD$/.test(document.querySelector('[data-testid="ticket-available"]')?.textContent ?? ''),
    null,
    { timeout: 30_000 },
  );
}

/** The paper account behind the built-in Paper profile (its key is made fresh each run). */
export function builtinAccount(e2e: E2E): { id: number; name: string } {
  for (const a of e2e.paper.core.state.accounts.values())
    if (a.key.startsWith('paper-') && a.parentId === 0) return { id: a.id, name: a.name };
  throw new Error('the built-in paper account is not registered yet');
}

/** Submits the ticket and confirms the order. */
export async function submitTicket(page: Page): Promise<void> {
  await page.getByTestId('ticket-submit').click();
  await page.getByTestId('ticket-confirm').waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('ticket-confirm').count()).toBe(0);
}

/** Whether an element lies wholly inside the viewport. */
export async function inViewport(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const vp = page.viewportSize();
  if (!box || !vp) return false;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height && box.x + box.width <= vp.width;
}

/** Submits and confirms the ticket, then waits for the paper exchange to hold one more order; returns it. */
export async function placeAndWait(e2e: E2E) {
  const before = e2e.paper.core.state.orders.size;
  await submitTicket(e2e.page);
  await expect.poll(() => e2e.paper.core.state.orders.size, { timeout: 15_000 }).toBe(before + 1);
  const order = [...e2e.paper.core.state.orders.values()].at(-1);
  if (!order) throw new Error('no order');
  return order;
}
