/// <reference lib="dom" />
/**
 * The shell driven like a trader: the command palette, the keymap editor (rebinding survives a reload),
 * `/` to the market filter, theme and color-blind palette, splitter sizes remembered. Screenshots of each
 * theme go to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import type { AlpBridge } from '../../preload/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness';

async function savedSettings(page: Page) {
  return page.evaluate(async () => {
    const r = await (window as unknown as { alp?: AlpBridge }).alp?.call('settings.get', {});
    return r?.ok ? r.value : null;
  });
}

async function ready(page: Page) {
  await page.locator('[data-testid="active-profile-label"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-slot="chart"]').waitFor({ timeout: 20_000 });
}

describe('shell: palette, keymap, themes, layout', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
    await ready(e2e.page);
  });
  afterAll(() => e2e?.close());

  it('Mod+K opens the command palette, filters every action with its key, Enter runs it, Esc closes', async () => {
    const page = e2e.page;
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.waitFor();
    // Every action is listed with its key: the profile switch shows Ctrl+2.
    await expect.poll(() => palette.getByRole('option', { name: /Switch to profile 2\s*Ctrl\+2/ }).count()).toBe(1);
    await page.keyboard.type('dark light');
    await expect.poll(() => palette.getByRole('option').first().textContent()).toContain('dark and light theme');
    await e2e.screenshot('shell-palette');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    // And back, through the palette again; Esc closes without running anything.
    await page.keyboard.press('Control+K');
    await palette.waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.keyboard.press('Control+Shift+L');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    // A fast typist: Esc right after Ctrl+K, with no wait between, still closes the palette.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') ?? null)).toBeNull();
  });

  it('`/` focuses the market filter, and letters typed there do not fire single-key actions', async () => {
    const page = e2e.page;
    await page.locator('body').click({ position: { x: 800, y: 2 } });
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('[data-panel="market-list"]') !== null))
      .toBe(true);
    await page.keyboard.type('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });

  it('`?` shows every action and its key; a rebinding is saved and survives a reload; reset restores defaults', async () => {
    let page = e2e.page;
    // Start from the page itself, not a field a previous step left focused (a `?` typed into a field is text).
    await page.locator('body').click({ position: { x: 800, y: 2 } });
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.matches('input, select, textarea') ?? false))
      .toBe(false);
    await page.keyboard.press('?');
    let overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor({ timeout: 15_000 });
    const row = () => overlay.locator('tr[data-action="theme.toggle"]');
    expect(await row().textContent()).toContain('Ctrl+Shift+L');
    await e2e.screenshot('shell-keymap');
    // Pick the row with the keyboard (focus + Enter), then press the new chord.
    await row().getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => row().textContent()).toContain('Press a key');
    await page.keyboard.press('Alt+T');
    await expect.poll(() => row().textContent()).toContain('Alt+T');
    await expect.poll(async () => (await savedSettings(page))?.keymap['theme.toggle']).toBe('Alt+T');

    // A conflict is named, not silently applied.
    await overlay.locator('tr[data-action="colorblind.toggle"]').getByRole('button').click();
    await page.keyboard.press('Alt+T');
    await expect
      .poll(() => overlay.getByTestId('keymap-conflict').textContent())
      .toContain('Switch between dark and light theme');
    await overlay.getByRole('button', { name: 'Keep both as they were' }).click();
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });

    await e2e.reload();
    page = e2e.page;
    await ready(page);
    await page.keyboard.press('Alt+T');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.keyboard.press('Control+Shift+L'); // the old chord no longer does anything
    await page.keyboard.press('Alt+T');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

    await page.keyboard.press('?');
    overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor();
    expect(await row().textContent()).toContain('Alt+T');
    await overlay.getByRole('button', { name: 'Reset all to defaults' }).click();
    await expect.poll(() => row().textContent()).toContain('Ctrl+Shift+L');
    await expect.poll(async () => (await savedSettings(page))?.keymap).toEqual({});
    await page.keyboard.press('Escape');
    // Focus returns where it was when the dialog opened (the page body, not a stale element).
    await overlay.waitFor({ state: 'detached' });
  });

  it('a dragged splitter resizes the panel and the size is remembered across a reload', async () => {
    let page = e2e.page;
    const markets = () => page.locator('[data-slot="markets"]');
    const before = (await markets().boundingBox())?.width ?? 0;
    const handle = await page.locator('[data-splitter="left"]').boundingBox();
    if (!handle) throw new Error('left splitter not rendered');
    await page.mouse.move(handle.x + 2, handle.y + 200);
    await page.mouse.down();
    await page.mouse.move(handle.x + 62, handle.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect
      .poll(async () => Math.round((await markets().boundingBox())?.width ?? 0))
      .toBe(Math.round(before + 60));
    await expect.poll(async () => (await savedSettings(page))?.layout.left).toBe(Math.round(before + 60));
    await e2e.reload();
    page = e2e.page;
    await ready(page);
    await expect
      .poll(async () => Math.round((await markets().boundingBox())?.width ?? 0))
      .toBe(Math.round(before + 60));
  });

  it('theme toggle and color-blind switch: dark, light and color-blind screenshots', async () => {
    const page = e2e.page;
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const cb = () => page.evaluate(() => document.documentElement.dataset.colorblind);
    // Let the panels fill with data before the pictures.
    await expect
      .poll(() => page.locator('[data-testid="market-row-BTC_USD"]').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await theme()).toBe('dark');
    await e2e.screenshot('shell-dark');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(theme).toBe('light');
    await e2e.screenshot('shell-light');
    await page.getByTestId('colorblind-toggle').check();
    await expect.poll(cb).toBe('true');
    await e2e.screenshot('shell-light-colorblind');
    await page.getByTestId('theme-toggle').click();
    await expect.poll(theme).toBe('dark');
    await e2e.screenshot('shell-dark-colorblind');
    await expect
      .poll(async () => {
        const s = await savedSettings(page);
        return s && { theme: s.theme, colorblind: s.colorblind };
      })
      .toEqual({ theme: 'dark', colorblind: true });
    await e2e.screenshot('shell-statusbar', '[data-testid="status-bar"]');
    await e2e.screenshot('shell-topbar', '.topbar');
  });
});
