import { defineConfig } from 'vitest/config';

// Tests run in plain Node against real local servers on 127.0.0.1; e2e tests drive Debian's Chromium.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Bounds that only catch a hang (tests wait on conditions): a file shares 2 cores with three others (below), so a
    // computing test can take several times what it takes alone.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Four test files at a time. Vitest's default on 2 cores is one (cores - 1), yet most slow files spend their
    // time waiting (rate limits, client timeouts, journaled deadlines, Chromium), not computing. Files share
    // nothing: each starts its own servers on port 0, its own temp folders, its own Chromium, and keychain tests
    // use a random service name; screenshots in test-artifacts/ have one name per test.
    maxWorkers: 4,
    // UI state follows rate-limited polls (2 private calls/s): wait for conditions up to 15 s, never for fixed times.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
