/** Where the last collection of an account by a source got to (the `collect_cursors` row). */
export interface SourceCursor {
  /** Newest post seen (external id and time): re-scans stop listing a little before it. */
  newestExternalId: string | null;
  newestPostedAt: Date | null;
  /** Posts the last successful listing returned: "used to return posts" for the empty alert. */
  lastPostCount: number;
  lastOkAt: Date | null;
}
