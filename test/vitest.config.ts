import { defineConfig } from 'vitest/config';

// Tests run in plain Node against real local servers on 127.0.0.1; e2e tests drive Debian's Chromium.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // UI state follows rate-limited polls (2 private calls/s): wait for conditions up to 15 s, never for fixed times.
    expect: { poll: { timeout: 15_000, interval: 50 } },
  },
});
