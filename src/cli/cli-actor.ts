import os from 'node:os';
import { type Db } from '../db/handle.ts';
import { authorise } from '../export/export-access.ts';

/** The operating-system account running the command (not spoofable through $USER where the OS says otherwise). */
export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The audit actor of a CLI command no netra role governs: `cli:<os user>`. */
export const cliActor = (): string => `cli:${osUser()}`;

/**
 * The audit actor of a CLI command a role governs: the netra user named by `--as`, checked
 * (exists, enabled, holds one of `roles`; a refusal is audited), plus the operating-system user
 * who ran it: `user:<netra user> via cli:<os user>`.
 */
export async function checkedCliActor(
  db: Db,
  o: { as: string; action: string; roles: readonly string[] },
): Promise<{ username: string; role: string; actor: string }> {
  const user = await authorise(db, { username: o.as, action: o.action, roles: o.roles });
  return { ...user, actor: `user:${user.username} via ${cliActor()}` };
}
