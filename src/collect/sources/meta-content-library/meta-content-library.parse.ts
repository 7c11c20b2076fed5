import type { RawPost } from '../../../domain/raw-post.ts';

/**
 * Meta Content Library API search results (developers.facebook.com/docs/content-library-and-api):
 * `{ data: [...], paging: { cursors: { after }, next } }`, fields as in its data dictionary. Pure.
 */

export interface MclAccount {
  id: string;
  name?: string;
  username?: string;
}

export interface MclPost {
  id: string;
  creation_time?: string;
  modified_time?: string;
  text?: string;
  content_type?: string;
  post_owner?: { id?: string; name?: string; username?: string; type?: string };
  mcl_url?: string;
  [k: string]: unknown;
}

export function parsePage<T>(json: unknown): { data: T[]; after: string | null; error?: string } {
  const j = json as {
    data?: T[];
    paging?: { cursors?: { after?: string }; next?: string };
    error?: { message?: string; type?: string; code?: number };
  } | null;
  if (j?.error)
    return { data: [], after: null, error: `${j.error.type ?? 'error'} ${j.error.code ?? ''}: ${j.error.message ?? ''}`.trim() };
  return {
    data: Array.isArray(j?.data) ? j!.data! : [],
    after: j?.paging?.next && j.paging.cursors?.after ? j.paging.cursors.after : null,
  };
}

/** The account among search results whose username is the handle (search matches names and bios too). */
export function accountFor(accounts: readonly MclAccount[], handle: string): MclAccount | undefined {
  return accounts.find((a) => a.username?.toLowerCase() === handle);
}

const CONTENT_KIND: Record<string, RawPost['kind']> = {
  photo: 'photo',
  image: 'photo',
  video: 'video',
  reel: 'video',
  carousel: 'post',
  album: 'post',
  status: 'post',
  link: 'post',
};

/** A Content Library post as a post: its text is the account's own words; the MCL link stays in the raw record. */
export function mclPostToRaw(p: MclPost, platform: 'instagram' | 'facebook', handle: string): RawPost {
  const t = p.creation_time ? new Date(p.creation_time) : null;
  return {
    platform,
    externalId: String(p.id),
    handle,
    // Content Library links open only inside Content Library; the public URL is not in the data.
    url: null,
    kind: CONTENT_KIND[String(p.content_type ?? '').toLowerCase()] ?? 'post',
    text: (p.text ?? '').replace(/\u0000/g, '\uFFFD'),
    postedAt: t && !Number.isNaN(t.getTime()) ? t : null,
    raw: { via: 'meta-content-library', ...p },
  };
}
