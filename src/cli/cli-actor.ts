import os from 'node:os';
import { type Db } from '../db/handle.ts';
import { authorise, type AccessRequest } from '../export/export-access.ts';

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
  o: { as: string } & Omit<AccessRequest, 'username'>,
): Promise<{ username: string; role: string; actor: string }> {
  const { as, ...request } = o;
  const user = await authorise(db, { ...request, username: as });
  return { ...user, actor: `user:${user.username} via ${cliActor()}` };
}
