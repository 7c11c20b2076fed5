// ESLint (flat config): @eslint/js and typescript-eslint's recommended rules over the TypeScript
// sources, tests and the two plain-JavaScript files. Formatting is Prettier's (.prettierrc.json),
// not ESLint's. `npm run lint` runs both; `npm run format` rewrites with Prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // What is not code, or not ours: models, data, fixtures' saved pages, local state.
    ignores: ['node_modules/', 'models/', 'data/', 'coverage/', '.netra/', 'test-results/', 'test/fixtures/', 'tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Deliberate: text cleaning strips control characters (\x00-\x1f) by regular expression.
      'no-control-regex': 'off',
      // Deliberate: emoji folding removes variation selectors, skin-tone modifiers and ZWJ one by
      // one from a character class ("modified emoji in a class" is exactly the intent there).
      'no-misleading-character-class': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // `_`-prefixed names are unused on purpose (callbacks' positional parameters, destructured leftovers).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The CLI launcher (Node) and the review app's browser script.
    files: ['src/cli/bin.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['src/review/static/app.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        window: 'readonly',
        Element: 'readonly',
        location: 'readonly',
        history: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        FormData: 'readonly',
      },
    },
  },
);
