import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from './harness';

describe('browser mode, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(() => e2e?.close());

  it('opens the app and shows data that came through the bridge from the paper exchange', async () => {
    const page = e2e.page;
    // The active profile's label comes from main over the bridge; the pair list from the paper exchange.
    await expect.poll(() => page.getByText('Paper', { exact: false }).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator(`[data-testid="market-row-ETH_BTC"]`).count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await e2e.screenshot('smoke-workspace');
  });
});
