import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // PGlite (WASM) start-up and browser tests need more than the default 5 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // This machine has 2 cores; more workers only make the database tests fight.
    maxWorkers: 2,
    env: { DOTENV_CONFIG_QUIET: 'true' },
  },
});
