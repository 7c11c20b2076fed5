import { describe, expect, it } from 'vitest';
import { ConfigError, configDocsTable, loadConfig } from '../../../src/config/config.load.ts';
import { CONFIG_FIELDS } from '../../../src/config/config.schema.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database under .netra', () => {
    const c = loadConfig({ env: {} });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe('.netra');
    expect(c.dbPath).toBe('.netra/db');
    expect(c.evidenceDir).toBe('.netra/evidence');
    expect(c.logLevel).toBe('info');
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads NETRA_* variables and derives paths from the data dir', () => {
    const c = loadConfig({
      env: { NETRA_DATA_DIR: '/var/lib/netra', NETRA_DATABASE_URL: 'postgres://u:p@db:5432/netra', NETRA_LOG_LEVEL: 'debug' },
    });
    expect(c.dbPath).toBe('/var/lib/netra/db');
    expect(c.databaseUrl).toBe('postgres://u:p@db:5432/netra');
    expect(c.logLevel).toBe('debug');
  });

  it('lets flags win over the environment', () => {
    const c = loadConfig({ env: { NETRA_LOG_LEVEL: 'debug' }, flags: { logLevel: 'warn', dataDir: 'x' } });
    expect(c.logLevel).toBe('warn');
    expect(c.dbPath).toBe('x/db');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ env: { NETRA_DATABASE_URL: '' } }).databaseUrl).toBeUndefined();
  });

  it('rejects bad values, quoting each one and naming where it came from', () => {
    let err: unknown;
    try {
      loadConfig({ env: { NETRA_DATABASE_URL: 'mysql://x', NETRA_LOG_LEVEL: 'loud' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('"mysql://x"');
    expect(msg).toContain('NETRA_DATABASE_URL');
    expect(msg).toContain('"loud"');
    expect(msg).toContain('NETRA_LOG_LEVEL');
    expect((err as ConfigError).problems).toHaveLength(2);
  });

  it('documents every field in the generated table', () => {
    const t = configDocsTable();
    for (const f of CONFIG_FIELDS) expect(t).toContain(f.env);
  });
});
