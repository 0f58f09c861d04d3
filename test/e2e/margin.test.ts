/**
 * Margin end to end: transfer into an isolated wallet, borrow against it, repay part of it; the wallets and
 * positions follow after each action, and the history lists record them. Screenshots of the margin panel.
 */
import Decimal from 'decimal.js';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness';

/** The decimal in a row's cell (figures are grouped with narrow spaces). */
async function figure(row: Locator, col: string): Promise<string> {
  const text = await row.locator(`[data-col="${col}"]`).textContent();
  return new Decimal((text ?? '').replace(/\s/g, '')).toFixed();
}

describe('margin, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('transfers, borrows and repays, with the wallets and positions updating', async () => {
    const page = e2e.page;
    const panel = page.locator('[data-panel="margin"]');
    await expect
      .poll(() => panel.getByTestId('margin-positions').textContent(), { timeout: 20_000 })
      .toContain('No borrowed positions');

    const send = async (action: string, currency: string, amount: string) => {
      await panel.getByTestId('margin-action').selectOption(action);
      await panel.getByTestId('margin-wallet-type').selectOption('ISOLATED_MARGIN');
      await panel.getByTestId('margin-pair').selectOption('BTC_USD');
      await panel.getByTestId('margin-currency').selectOption(currency);
      await panel.getByTestId('margin-amount').fill(amount);
      await panel.getByTestId('margin-amount').press('Enter');
    };
    const wallet = panel.locator('[data-testid="margin-wallet"][data-currency="USD"][data-pair="BTC_USD"]');
    const position = panel.locator('[data-testid="margin-position"][data-currency="USD"][data-pair="BTC_USD"]');

    await send('ADD', 'USD', '1000');
    // The notice shows when the transfer returns and fades after a few seconds: look for it first.
    await expect
      .poll(() => page.getByTestId('notices').textContent(), { timeout: 15_000 })
      .toContain('Transfer in: 1000 USD (isolated BTC/USD)');
    await expect
      .poll(async () => (await wallet.count()) && figure(wallet, 'balance'), { timeout: 15_000 })
      .toBe('1000');

    await send('BORROW', 'USD', '500');
    await expect
      .poll(async () => (await position.count()) && figure(position, 'borrowed'), { timeout: 15_000 })
      .toBe('500');
    await expect.poll(() => figure(wallet, 'balance')).toBe('1500');
    // Assets 1500 over debts 500: level 3, shown in the safe color.
    expect(await figure(position, 'level')).toBe('3');
    await e2e.screenshot('margin-panel-borrowed', '[data-panel="margin"]');
    expect(await position.locator('[data-col="level"]').getAttribute('class')).toContain('mg-level-ok');

    await send('REPAY', 'USD', '200');
    await expect.poll(() => figure(position, 'borrowed'), { timeout: 15_000 }).toBe('300');
    await expect.poll(() => figure(wallet, 'balance')).toBe('1300');
    await e2e.screenshot('margin-panel', '[data-panel="margin"]');

    // A refused action says why in plain words: borrowing far past the allowed leverage.
    await send('BORROW', 'USD', '100000');
    await expect
      .poll(() => panel.getByTestId('margin-error').textContent(), { timeout: 15_000 })
      .toMatch(/margin level/i);
    expect(await figure(position, 'borrowed')).toBe('300');
    await e2e.screenshot('margin-panel-error', '[data-panel="margin"]');

    // Closing the position (after a confirmation) repays it from the margin wallet and returns the rest to spot.
    await panel.locator('[data-testid="margin-close"][data-scope="BTC_USD"]').click();
    await page.getByTestId('margin-close-confirm').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => position.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => wallet.count()).toBe(0);

    // The history lists record the transfer.
    await panel.getByLabel('Margin history').selectOption('margin.transfers');
    await expect.poll(() => panel.getByTestId('margin-history').textContent(), { timeout: 15_000 }).toContain('In USD');
  }, 120_000);
});
