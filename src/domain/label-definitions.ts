import type { Label } from './labels.ts';

/**
 * What each label means, shipped with netra so that a dataset card can say it on a machine
 * without the project's reference folder. Condensed from `../shared/reference/labels.md`
 * (the source of the labelling rules; where they differ, that file wins) and mapped to the
 * pledge clause as `data/rules/pledge.yaml` does.
 */
export interface LabelDefinition {
  label: Label;
  /** The Indonesian term analysts use. */
  term: string;
  pledgeClause: number;
  definition: string;
  yes: string;
  no: string;
}

export const LABEL_DEFINITIONS: readonly LabelDefinition[] = [
  {
    label: 'partisan',
    term: 'keberpihakan',
    pledgeClause: 2,
    definition:
      'The post takes a side in an election contest (presidential, legislative, regional): it supports, promotes or campaigns for, or campaigns against, a candidate, candidate pair, pre-candidate or political party.',
    yes: 'explicit support or a call to vote ("coblos 02"), campaign slogans or hashtags used as promotion, praise presenting a candidate as the one to choose, a call not to vote for someone, attacks on a candidate or party to sway votes, approving shares of a campaign account.',
    no: 'neutral news headlines without evaluation or campaign hashtag; official election information (KPU schedules, "ayo ke TPS"); reports of an official\'s duties; calls for neutrality or against money politics; policy criticism not tied to the contest; everyday V-sign captions.',
  },
  {
    label: 'hate',
    term: 'ujaran kebencian',
    pledgeClause: 3,
    definition:
      'Hostility, hatred or a demeaning generalisation toward a person or group because of who they are (religion, ethnicity, race, inter-group including political camps such as "kadrun" or "cebong", gender, disability, physical traits), or incitement against them. A target is required (Ibrohim & Budi 2019).',
    yes: 'demeaning a group or a person for their religion, ethnicity, political camp or other identity; incitement against them.',
    no: 'profanity without a target (that is abusive); criticism of acts or policies.',
  },
  {
    label: 'abusive',
    term: 'kata kasar',
    pledgeClause: 3,
    definition: 'Profanity, insults or vulgar words, with or without a target.',
    yes: 'insults and vulgar words ("goblok", "bangsat").',
    no: 'a polite post; abusive without a target is not hate.',
  },
  {
    label: 'hoax',
    term: 'berita bohong',
    pledgeClause: 3,
    definition:
      "The post asserts or spreads, as fact, a claim that fact-checkers have debunked, or fabricated information (fake quotes, doctored announcements, false claims of electoral fraud or of a candidate's conduct).",
    yes: 'a known debunked claim stated as true, in any wording.',
    no: 'a post that warns about or debunks a hoax; opinion; clearly marked satire.',
  },
  {
    label: 'money_politics',
    term: 'politik uang',
    pledgeClause: 4,
    definition:
      'Offering, promising, distributing, soliciting or accepting money, goods (sembako, amplop, voucher) or services in exchange for votes or support; "serangan fajar"; announcing a handout from a candidate or party.',
    yes: 'offers, handouts or requests tied to votes.',
    no: 'reporting or condemning money politics ("Tolak politik uang!").',
  },
];
