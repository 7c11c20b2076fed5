import { isLabel, LABELS, type Label } from './labels.ts';

/**
 * The fields a labeller fills in (data/labelled/GUIDE.md §1), and their validation. The loaders
 * of data/labelled check the optional fields where a row has them; the merge of the labellers'
 * files requires all of them.
 */

/** Kinds of post where an electoral contest is in play (GUIDE.md §1). */
export const PARTISAN_KINDS = [
  'support',
  'call_to_vote',
  'attack',
  'mockery_sarcasm',
  'share_campaign',
  'reporting',
  'question',
  'official_info',
  'neutrality_call',
  'other',
] as const;
export type PartisanKind = (typeof PARTISAN_KINDS)[number];
/** Kinds that take a side: a `partisan` row has one of these (or `other`). */
export const SIDE_KINDS: readonly PartisanKind[] = ['support', 'call_to_vote', 'attack', 'mockery_sarcasm', 'share_campaign', 'other'];
/** Kinds that do not take a side: a row without `partisan` has one of these, `other`, or null. */
export const NO_SIDE_KINDS: readonly PartisanKind[] = ['reporting', 'question', 'official_info', 'neutrality_call', 'other'];

/** Who a `hate` post attacks for who they are. */
export const HATE_TARGETS = ['religion', 'ethnicity_race', 'political_camp', 'gender', 'disability', 'physical', 'other_group'] as const;
export type HateTarget = (typeof HATE_TARGETS)[number];

/** Partisan target ids (GUIDE.md §1; pilpres-2014 for posts about the 2014 race: 01 Prabowo-Hatta, 02 Jokowi-JK). */
export const TARGET_ID =
  /^(pilpres-2024\/0[123]|pilpres-2019\/0[12]|pilpres-2014\/0[12]|pilkada-dki-2017\/(agus-sylvi|ahok-djarot|anies-sandi)|party\/[a-z0-9-]+|pilkada-[a-z0-9-]+-20\d\d\/[a-z0-9-]+)$/;

export interface LabelFields {
  labels: Label[];
  target: string | null;
  uncertain: boolean;
  note: string;
  partisan_kind: PartisanKind | null;
  hate_target: HateTarget | null;
  abusive_has_target: boolean | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60));
const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);

/**
 * Check a row's label fields. `required`: every field must be present (the labellers' files and
 * the new data/labelled rows); otherwise `partisan_kind`, `hate_target` and
 * `abusive_has_target` are checked only when present (older files do not have them), and
 * `target`/`note` may be absent. Returns the first problem, or the normalised fields (labels in
 * the canonical order).
 */
export function checkLabelFields(
  rec: Record<string, unknown>,
  o: { required: boolean },
): { fields: LabelFields } | { problem: FieldProblem } {
  const bad = (field: string, message: string) => ({ problem: { field, message } });
  const labels = rec['labels'];
  if (!Array.isArray(labels)) return bad('labels', `must be a list of labels (${LABELS.join(', ')}); got ${show(labels)}`);
  const unknown = labels.filter((l) => !isLabel(l));
  if (unknown.length > 0)
    return bad('labels', `has unknown label(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known: ${LABELS.join(', ')}`);
  if (new Set(labels).size !== labels.length) return bad('labels', `repeats a label (${JSON.stringify(labels)})`);
  const has = (l: Label) => labels.includes(l);

  const uncertain = rec['uncertain'];
  if (uncertain === undefined ? o.required : typeof uncertain !== 'boolean')
    return bad('uncertain', `must be true or false (got ${show(uncertain)})`);
  const note = rec['note'];
  if (note === undefined ? o.required : typeof note !== 'string') return bad('note', `must be a string (got ${show(note)})`);

  const target = rec['target'];
  if (target === undefined && o.required) return bad('target', 'is missing (null when the post is not partisan)');
  if (target !== undefined && target !== null) {
    if (typeof target !== 'string' || !TARGET_ID.test(target))
      return bad('target', `must be a target id such as pilpres-2024/02 or party/gerindra, or null (got ${show(target)})`);
    if (o.required && !has('partisan'))
      return bad('target', `is ${JSON.stringify(target)} but "partisan" is not in labels (target is for partisan posts only)`);
  } else if (o.required && has('partisan')) return bad('target', 'must name the pair or party when "partisan" is labelled');

  const stance = checkStanceFields(rec, o);
  if (stance) return { problem: stance };
  const kind = rec['partisan_kind'];
  const hateTarget = rec['hate_target'];
  const abusiveTarget = rec['abusive_has_target'];

  return {
    fields: {
      labels: LABELS.filter((l) => has(l)),
      target: typeof target === 'string' ? target : null,
      uncertain: uncertain === true,
      note: typeof note === 'string' ? note : '',
      partisan_kind: (kind ?? null) as PartisanKind | null,
      hate_target: (hateTarget ?? null) as HateTarget | null,
      abusive_has_target: typeof abusiveTarget === 'boolean' ? abusiveTarget : null,
    },
  };
}

/**
 * `partisan_kind`, `hate_target` and `abusive_has_target`, and their agreement with `labels`
 * (GUIDE.md §9). Not `required`: each is checked only when present (files made before issue 11
 * do not have them). `labels` must already be a valid list.
 */
export function checkStanceFields(rec: Record<string, unknown>, o: { required: boolean }): FieldProblem | null {
  const bad = (field: string, message: string) => ({ field, message });
  const labels = Array.isArray(rec['labels']) ? (rec['labels'] as unknown[]) : [];
  const has = (l: Label) => labels.includes(l);
  const kind = rec['partisan_kind'];
  if (kind === undefined && o.required)
    return bad('partisan_kind', `is missing (one of ${PARTISAN_KINDS.join(', ')}, or null when no contest is in play)`);
  if (kind !== undefined && kind !== null && !isOneOf(PARTISAN_KINDS, kind))
    return bad('partisan_kind', `must be one of ${PARTISAN_KINDS.join(', ')} or null (got ${show(kind)})`);
  if (kind !== undefined) {
    if (has('partisan') && !(kind !== null && SIDE_KINDS.includes(kind as PartisanKind)))
      return bad('partisan_kind', `is ${show(kind)} but "partisan" is labelled: use one of ${SIDE_KINDS.join(', ')}`);
    if (!has('partisan') && kind !== null && !NO_SIDE_KINDS.includes(kind as PartisanKind))
      return bad(
        'partisan_kind',
        `is ${show(kind)}, a kind that takes a side, but "partisan" is not labelled: label partisan or use one of ${NO_SIDE_KINDS.join(', ')} (or null)`,
      );
  }

  const hateTarget = rec['hate_target'];
  if (has('hate')) {
    if (hateTarget === undefined ? o.required : !isOneOf(HATE_TARGETS, hateTarget))
      return bad('hate_target', `must be one of ${HATE_TARGETS.join(', ')} when "hate" is labelled (got ${show(hateTarget)})`);
  } else if (hateTarget !== undefined && hateTarget !== null)
    return bad('hate_target', `must be null when "hate" is not labelled (got ${show(hateTarget)})`);

  const abusiveTarget = rec['abusive_has_target'];
  if (has('abusive')) {
    if (abusiveTarget === undefined ? o.required : typeof abusiveTarget !== 'boolean')
      return bad('abusive_has_target', `must be true or false when "abusive" is labelled (got ${show(abusiveTarget)})`);
  } else if (abusiveTarget !== undefined && abusiveTarget !== null)
    return bad('abusive_has_target', `must be null when "abusive" is not labelled (got ${show(abusiveTarget)})`);

  return null;
}
