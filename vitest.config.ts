import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // PGlite (WASM) start-up and browser tests need more than the default 5 s.
    // Tests that spawn `netra` processes (demo scan, kill-and-rerun) take 30-60 s when several
    // suites share this 2-core machine: 60 s made them fail for their neighbours' load alone.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // This machine has 2 cores; more workers only make the database tests fight.
    maxWorkers: 2,
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
