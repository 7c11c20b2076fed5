import { fnv, popularity, type FixtureAccount, type FixturePost } from './fixture-data.ts';

/**
 * Facebook's web data for a profile timeline. The first posts ship inside the page, in a
 * `<script type="application/json" data-sjs>` whose `require` calls hand a
 * `RelayPrefetchedStreamCache` result to the page (`data.user.timeline_list_feed_units`); older
 * posts come from `POST /api/graphql/` (`ProfileCometTimelineFeedRefetchQuery`), answered with
 * several JSON objects on separate lines. A post is a `Story` with `post_id`; its words are
 * `comet_sections.content.story.comet_sections.message.story.message.text`, its time and URL
 * `...context_layout.story.comet_sections.metadata[].story.{creation_time,url}`; a share carries
 * the shared post as `attached_story`. Paths as documented in apankowski/garcon
 * (docs/facebook/post-extraction-strategy-v2.md); see test/fixtures/sites/facebook/README.md.
 */

export const fbUserId = (handle: string) => String(100_000_000_000_000 + (fnv(`fb:${handle}`) % 900_000_000));

function actor(handle: string, name: string) {
  return {
    __typename: 'User',
    __isEntity: 'User',
    __isActor: 'User',
    id: fbUserId(handle),
    name,
    url: `https://www.facebook.com/${handle}`,
  };
}

function storyBody(o: {
  handle: string;
  name: string;
  postId: string;
  text: string;
  postedAt: Date;
  baseUrl: string;
  media?: boolean;
  attached?: unknown;
}): Record<string, unknown> {
  const url = `${o.baseUrl}/${o.handle}/posts/${o.postId}`;
  const who = actor(o.handle, o.name);
  return {
    __typename: 'Story',
    id: Buffer.from(`S:_I${fbUserId(o.handle)}:${o.postId}`).toString('base64'),
    post_id: o.postId,
    actors: [who],
    wwwURL: url,
    comet_sections: {
      ...(o.text
        ? {
            message: {
              __typename: 'CometFeedStoryDefaultMessageRenderingStrategy',
              story: { message: { __typename: 'TextWithEntities', text: o.text, ranges: [] } },
            },
          }
        : {}),
      context_layout: {
        story: {
          comet_sections: {
            actor_photo: { story: { actors: [who] } },
            title: { story: { actors: [who] } },
            metadata: [
              {
                __typename: 'CometFeedStoryMinimizedTimestampStrategy',
                story: { creation_time: Math.floor(o.postedAt.getTime() / 1000), url },
              },
            ],
          },
        },
      },
    },
    attachments: o.media
      ? [
          {
            styles: {
              attachment: {
                media: {
                  __typename: 'Photo',
                  id: String(fnv(`photo:${o.postId}`)),
                  accessibility_caption: 'Mungkin gambar 1 orang dan teks',
                },
              },
            },
          },
        ]
      : [],
    ...(o.attached ? { attached_story: o.attached } : {}),
  };
}

/** One timeline post as a feed unit node. */
export function fbStory(a: FixtureAccount, p: FixturePost, baseUrl: string): Record<string, unknown> {
  const attached = p.quoteOf
    ? storyBody({
        handle: p.quoteOf.handle,
        name: p.quoteOf.name,
        postId: p.quoteOf.id,
        text: p.quoteOf.text,
        postedAt: new Date(p.postedAt.getTime() - 3_600_000),
        baseUrl,
      })
    : undefined;
  const likes = popularity(p);
  const content = storyBody({
    handle: a.handle,
    name: a.name,
    postId: p.id,
    text: p.text,
    postedAt: p.postedAt,
    baseUrl,
    media: p.media === 'photo',
    attached,
  });
  return {
    __typename: 'Story',
    id: content['id'],
    post_id: p.id,
    cache_id: String(fnv(`cache:${p.id}`)),
    comet_sections: {
      content: { __typename: 'CometFeedStoryContentStrategy', story: content },
      feedback: {
        story: {
          feedback_context: {
            feedback_target_with_context: {
              comet_ufi_summary_and_actions_renderer: {
                feedback: { reaction_count: { count: likes }, comment_rendering_instance: { comments: { total_count: likes % 30 } } },
              },
            },
          },
        },
      },
    },
  };
}

export function fbFeedUnits(a: FixtureAccount, page: readonly FixturePost[], o: { endCursor: string | null; baseUrl: string }) {
  return {
    edges: page.map((p) => ({ node: fbStory(a, p, o.baseUrl), cursor: Buffer.from(`c:${p.id}`).toString('base64') })),
    page_info: { has_next_page: o.endCursor !== null, end_cursor: o.endCursor },
  };
}

/** The `<script type="application/json" data-sjs>` payload of a profile page: its first posts. */
export function fbEmbeddedPayload(
  a: FixtureAccount,
  page: readonly FixturePost[],
  o: { endCursor: string | null; baseUrl: string },
): unknown {
  const result = {
    data: { user: { __typename: 'User', id: fbUserId(a.handle), name: a.name, timeline_list_feed_units: fbFeedUnits(a, page, o) } },
    extensions: { is_final: true },
  };
  return {
    require: [
      [
        'ScheduledServerJS',
        'handle',
        null,
        [
          {
            __bbox: {
              require: [
                [
                  'RelayPrefetchedStreamCache',
                  'next',
                  [],
                  [
                    `adp_ProfileCometTimelineFeedRefetchQueryRelayPreloader_${fnv(a.handle).toString(16)}`,
                    { __bbox: { complete: true, result } },
                  ],
                ],
              ],
            },
          },
        ],
      ],
    ],
  };
}

/** The body of a `ProfileCometTimelineFeedRefetchQuery` response: JSON objects, one per line. */
export function fbRefetchBody(a: FixtureAccount, page: readonly FixturePost[], o: { endCursor: string | null; baseUrl: string }): string {
  const main = {
    data: { node: { __typename: 'User', id: fbUserId(a.handle), timeline_list_feed_units: fbFeedUnits(a, page, o) } },
    extensions: { prefetch_uris_v2: [] },
  };
  return `${JSON.stringify(main)}\r\n${JSON.stringify({ label: 'ProfileCometTimelineFeed_user$defer$ProfileCometTimelineFeed_user_timeline_list_feed_units', path: ['node'], data: {}, extensions: { is_final: true } })}`;
}
