/// <reference lib="dom" />
/**
 * Accounts driven through the UI: add a second paper profile (its key and secret seeded by the harness), the
 * secret never appears in the page afterwards, Ctrl+2 / Ctrl+1 switch profiles and the balances follow, edit and
 * verify from the dialog, remove with a confirmation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traderClient } from '../support/paper-traders';
import { type E2E, SECOND_ACCOUNT, startE2E } from './harness';

const label = () => (page: Page) => page.getByTestId('active-profile-label').textContent();

/** Everything in the page a secret could hide in: markup, input values, and web storage. */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea')].map((x) => (x as HTMLInputElement).value);
    const storage = [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`));
    return [document.documentElement.outerHTML, ...values, ...storage].join('\n');
  });
}

/** Currency -> balance (display number) from the balances table's first two columns. */
async function balanceColumn(page: Page): Promise<Record<string, number>> {
  return page.getByTestId('balances').evaluate((el) => {
    const out: Record<string, number> = {};
    for (const tr of el.querySelectorAll('tbody tr')) {
      const [cur, bal] = [...tr.querySelectorAll('td')].map((td) => td.textContent?.replace(/[\s,\u202f]/g, '') ?? '');
      if (cur && bal) out[cur] = Number(bal);
    }
    return out;
  });
}

describe('accounts: add, switch, edit, verify, remove', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    await e2e.page.getByTestId('active-profile-label').waitFor({ timeout: 20_000 });
  });
  afterAll(() => e2e?.close());

  it('the active profile’s label and color are always visible', async () => {
    const page = e2e.page;
    await expect.poll(() => label()(page)).toBe('Paper');
    const chip = page.getByTestId('account-switcher');
    // The chip's left border carries the profile color.
    const color = await chip.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(color).not.toBe('rgba(0, 0, 0, 0)');
    await expect.poll(() => page.getByTestId('status-profile').textContent()).toContain('Paper');
  });

  it('adds a second paper profile through the dialog; the secret is nowhere in the page afterwards', async () => {
    const page = e2e.page;
    await page.getByTestId('account-switcher').click();
    const menu = page.getByRole('menu', { name: 'Profiles' });
    await expect.poll(() => menu.getByRole('menuitemradio').first().textContent()).toMatch(/Paper.*built-in.*Ctrl\+1/);
    await menu.getByRole('menuitem', { name: '+ Add profile…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add profile' });
    await dialog.waitFor();
    await dialog.getByLabel('Label').fill('Second desk');
    await dialog.getByLabel('Venue').selectOption('paper');
    await dialog.getByLabel('API key').fill(SECOND_ACCOUNT.key);
    await dialog.getByLabel('API secret').fill(SECOND_ACCOUNT.secret);
    expect(await dialog.getByLabel('API secret').getAttribute('type')).toBe('password');
    await e2e.screenshot('accounts-add-dialog');
    await dialog.getByRole('button', { name: 'Add profile' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Second desk' }).count()).toBeGreaterThan(0);
    expect(await pageText(page)).not.toContain(SECOND_ACCOUNT.secret);
    // Nor after reopening the profile for editing.
    await page.getByTestId('account-switcher').click();
    await page.getByRole('menuitem', { name: 'Edit Second desk' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit profile Second desk' });
    await edit.waitFor();
    expect(await pageText(page)).not.toContain(SECOND_ACCOUNT.secret);
    // Verify shows the venue's answer in plain words.
    await edit.getByRole('button', { name: 'Verify key' }).click();
    await expect.poll(() => edit.getByTestId('verify-result').textContent(), { timeout: 15_000 }).toBeTruthy();
    await e2e.screenshot('accounts-edit-dialog');
    await page.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });
  });

  it('Ctrl+2 switches to the second profile and the balances and orders follow; Ctrl+1 switches back', async () => {
    const page = e2e.page;
    const orderRows = page.getByTestId('open-orders').getByTestId('open-order-row');
    // A resting order of the second account only, placed outside the UI: it must show for profile 2 alone.
    const second = traderClient(e2e.paper.url, SECOND_ACCOUNT);
    await second.createOrder({ pair: 'BTC_USD', side: 'buy', price: '1000', amount: '0.01' });

    await page.locator('body').click({ position: { x: 800, y: 2 } });
    await page.keyboard.press('Control+2');
    await expect.poll(() => label()(page)).toBe('Second desk');
    await expect.poll(() => page.getByTestId('status-profile').textContent()).toContain('Second desk');
    await page.getByTestId('tab-orders').click();
    await expect.poll(() => orderRows.count(), { timeout: 20_000 }).toBe(1);
    await page.getByTestId('tab-balances').click();
    // The seeded second account holds 0.5 BTC and 3 ETH (and USD, part of it reserved by the order).
    const seeded = (rows: Record<string, number>) => rows.BTC === 0.5 && rows.ETH === 3;
    await expect.poll(async () => seeded(await balanceColumn(page)), { timeout: 20_000 }).toBe(true);
    await e2e.screenshot('accounts-switched-second');

    await page.keyboard.press('Control+1');
    await expect.poll(() => label()(page)).toBe('Paper');
    await page.getByTestId('tab-balances').click();
    await expect
      .poll(
        async () => {
          const rows = await balanceColumn(page);
          return Object.keys(rows).length > 0 && !seeded(rows);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.getByTestId('tab-orders').click();
    await page.getByTestId('open-orders').waitFor();
    await expect.poll(() => orderRows.count()).toBe(0);
  });

  it('an error from accounts.* is shown inline in plain words', async () => {
    const page = e2e.page;
    await page.getByTestId('account-switcher').click();
    await page.getByRole('menuitem', { name: '+ Add profile…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add profile' });
    await dialog.waitFor();
    await dialog.getByLabel('Label').fill('Bad url');
    await dialog.getByLabel('API key').fill('k');
    await dialog.getByLabel('API secret').fill('s');
    await dialog.getByText('Advanced').click();
    await dialog.getByLabel('Base URL').fill('ftp://example');
    await dialog.getByRole('button', { name: 'Add profile' }).click();
    await expect.poll(() => dialog.getByRole('alert').first().textContent()).toMatch(/http/);
    // The secret field was cleared by the attempt: it is typed once per try.
    expect(await dialog.getByLabel('API secret').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('removes a profile only after a confirmation', async () => {
    const page = e2e.page;
    await page.getByTestId('account-switcher').click();
    await page.getByRole('menuitem', { name: 'Edit Second desk' }).click();
    await page
      .getByRole('dialog', { name: 'Edit profile Second desk' })
      .getByRole('button', { name: 'Remove…' })
      .click();
    const confirm = page.getByRole('dialog', { name: 'Remove Second desk?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByTestId('account-switcher').click();
    await expect.poll(() => page.getByRole('menu', { name: 'Profiles' }).getByRole('menuitemradio').count()).toBe(2);
    await page.getByRole('menuitem', { name: 'Edit Second desk' }).click();
    await page
      .getByRole('dialog', { name: 'Edit profile Second desk' })
      .getByRole('button', { name: 'Remove…' })
      .click();
    await page
      .getByRole('dialog', { name: 'Remove Second desk?' })
      .getByRole('button', { name: 'Remove', exact: true })
      .click();
    await page.getByTestId('account-switcher').click();
    await expect.poll(() => page.getByRole('menu', { name: 'Profiles' }).getByRole('menuitemradio').count()).toBe(1);
    await page.keyboard.press('Escape');
  });
});
