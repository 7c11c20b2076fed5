/** Who a review-app user is. */
export const USER_ROLES = ['admin', 'supervisor', 'analyst', 'researcher'] as const;
/** One of {@link USER_ROLES}. */
export type UserRole = (typeof USER_ROLES)[number];

/**
 * What each role may do. Every page and API route names one permission; the server refuses
 * (403) anyone whose role lacks it.
 * - analyst: works the queue, decides, writes case reports, gives blind second reviews;
 * - supervisor: as analyst (but no second reviews: they adjudicate them), plus decides
 *   escalated flags, assigns flags, reopens or withdraws decisions, sees everyone's work;
 * - admin: everything a supervisor does, plus users;
 * - researcher: aggregate figures only (dashboard), never a person's flags.
 */
export const PERMISSIONS = [
  'queue.read',
  'flag.read',
  'flag.decide',
  'flag.decide_escalated',
  'flag.assign',
  'flag.reopen',
  'flag.second_review',
  'report.write',
  'dashboard.read',
  'users.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<UserRole, readonly Permission[]> = {
  admin: PERMISSIONS.filter((p) => p !== 'flag.second_review'),
  supervisor: [
    'queue.read',
    'flag.read',
    'flag.decide',
    'flag.decide_escalated',
    'flag.assign',
    'flag.reopen',
    'report.write',
    'dashboard.read',
  ],
  analyst: ['queue.read', 'flag.read', 'flag.decide', 'flag.second_review', 'report.write', 'dashboard.read'],
  researcher: ['dashboard.read'],
};

export function can(role: UserRole, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Indonesian names of the roles, for the UI. */
export const ROLE_NAMES_ID: Record<UserRole, string> = {
  admin: 'Admin',
  supervisor: 'Supervisor',
  analyst: 'Analis',
  researcher: 'Peneliti',
};
