/**
 * The audit log is append-only and hash-chained: nothing written to it can be erased later
 * (UU PDP 27/2022 art. 8 needs that for personal data). So entries say WHICH fields changed and
 * the values only of fields that are not personal data; the values themselves stay in the
 * referenced row, which an erasure can clear.
 */
export interface AuditChange {
  changed: string[];
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Fields of registry rows whose values carry no personal data. */
export const PERSON_AUDIT_FIELDS = ['id', 'agency_id', 'employment_type'] as const;
export const ACCOUNT_AUDIT_FIELDS = ['id', 'person_id', 'platform', 'link_confidence', 'active'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What an audit entry may say about a row going from `before` (absent: created) to `after`:
 * the names of the changed fields, and the old and new values of the listed safe fields only.
 */
export function auditChange(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  safe: readonly string[],
  ignore: readonly string[] = ['created_at', 'updated_at'],
): AuditChange {
  const keys = Object.keys(after).filter((k) => !ignore.includes(k));
  const changed = before ? keys.filter((k) => !same(before[k], after[k])) : keys;
  const pick = (row: Record<string, unknown>) =>
    Object.fromEntries(safe.filter((k) => k in row && (k === 'id' || changed.includes(k))).map((k) => [k, row[k]]));
  return before ? { changed, before: pick(before), after: pick(after) } : { changed, after: pick(after) };
}
