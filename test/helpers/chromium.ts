import { existsSync } from 'node:fs';
import { describe } from 'vitest';

/** Debian's Chromium, which netra's browser code uses (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.NETRA_CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's `chromium`. `.ci/run` installs it and sets NETRA_REQUIRE_BROWSER=1,
 * so in CI a missing browser fails loudly; on a developer's machine without it the browser tests
 * are skipped with a message saying how to enable them.
 */
export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium && process.env.NETRA_REQUIRE_BROWSER === '1') {
  throw new Error(`NETRA_REQUIRE_BROWSER=1 but ${CHROMIUM_PATH} does not exist: install Debian's chromium (apt-get install chromium)`);
}
if (!hasChromium) {
  process.stderr.write(`[netra tests] ${CHROMIUM_PATH} not found: browser tests are skipped (apt-get install chromium to run them)\n`);
}

/** `describe` for tests that drive Chromium: skipped, visibly, when it is not installed. */
export const describeBrowser = hasChromium ? describe : describe.skip;
