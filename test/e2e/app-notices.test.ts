import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness';

describe('app notices, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('shows a notice raised in main as a toast, and replays it to a page that loads later', async () => {
    const text = 'Paper state could not be read and was reset; the old files are at /tmp/x.bad-1. (test)';
    e2e.services.notices.push('error', text);
    const toast = () => e2e.page.locator('[data-testid="notices"]').getByText(text).count();
    await expect.poll(toast, { timeout: 20_000 }).toBe(1);
    await e2e.screenshot('app-notice-toast');
    // A notice raised before a page loads (a crash reload) reaches the new page when it subscribes.
    const later = 'The app’s window stopped unexpectedly (crashed) and was reloaded. (test)';
    e2e.services.notices.push('error', later);
    await e2e.reload();
    await expect
      .poll(() => e2e.page.locator('[data-testid="notices"]').getByText(later).count(), { timeout: 20_000 })
      .toBe(1);
  });
});
