#!/usr/bin/env node
// netra's executable: runs the TypeScript sources through tsx, so `npm install` is all a new
// user needs (no build step). `natural` loads dotenv on import and would print to stdout:
// quiet it before anything is imported.
process.env.DOTENV_CONFIG_QUIET ??= 'true';
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
