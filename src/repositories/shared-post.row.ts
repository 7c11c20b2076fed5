/** The post another account wrote that a post quotes or reposts, as stored (0801): never the account's own words. */
export interface StoredSharedPost {
  kind: 'quote' | 'repost';
  externalId: string | null;
  url: string | null;
  authorHandle: string | null;
  authorName: string | null;
  text: string | null;
}

/** The `posts.shared_*` columns of a row, as one object, or null when the post shares nothing. */
export function sharedPostOfRow(r: {
  shared_kind: 'quote' | 'repost' | null;
  shared_external_id: string | null;
  shared_url: string | null;
  shared_author_handle: string | null;
  shared_author_name: string | null;
  shared_text: string | null;
}): StoredSharedPost | null {
  return r.shared_kind
    ? {
        kind: r.shared_kind,
        externalId: r.shared_external_id,
        url: r.shared_url,
        authorHandle: r.shared_author_handle,
        authorName: r.shared_author_name,
        text: r.shared_text,
      }
    : null;
}
