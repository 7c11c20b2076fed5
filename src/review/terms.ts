import type { UserRole } from '../domain/roles.ts';

/**
 * The names the app shows for netra's codes (statuses, decisions, election phases, roles, post
 * and evidence kinds), in Bahasa Indonesia first and English. A code the table does not know is
 * shown as it is (and a test keeps the tables complete for the codes netra writes).
 */
type Lang = 'id' | 'en';
type Names = Record<Lang, Record<string, string>>;

const STATUS: Names = {
  id: {
    open: 'terbuka',
    claimed: 'diperiksa',
    escalated: 'dieskalasi',
    confirmed: 'dikonfirmasi',
    dismissed: 'ditolak',
    withdrawn: 'ditarik',
    blind: 'menunggu tinjauan kedua',
  },
  en: {
    open: 'open',
    claimed: 'in review',
    escalated: 'escalated',
    confirmed: 'confirmed',
    dismissed: 'dismissed',
    withdrawn: 'withdrawn',
    blind: 'awaiting second review',
  },
};

const DECISION: Names = {
  id: {
    confirm: 'konfirmasi',
    dismiss: 'tolak',
    escalate: 'eskalasi',
    correct: 'koreksi label',
    reopen: 'buka kembali',
    withdraw: 'tarik',
  },
  en: { confirm: 'confirm', dismiss: 'dismiss', escalate: 'escalate', correct: 'correct labels', reopen: 'reopen', withdraw: 'withdraw' },
};

/** Election phases (src/domain/election-phase.ts). */
const PHASE: Names = {
  id: {
    pre_campaign: 'pra-kampanye',
    campaign: 'masa kampanye',
    quiet_period: 'masa tenang',
    voting_day: 'hari pemungutan suara',
    counting: 'masa penghitungan suara',
    after: 'pasca-pemilu',
  },
  en: {
    pre_campaign: 'pre-campaign',
    campaign: 'campaign',
    quiet_period: 'quiet period',
    voting_day: 'voting day',
    counting: 'counting',
    after: 'after the election',
  },
};

const ROLE: Record<Lang, Record<UserRole, string>> = {
  id: { admin: 'Admin', supervisor: 'Supervisor', analyst: 'Analis', researcher: 'Peneliti' },
  en: { admin: 'Admin', supervisor: 'Supervisor', analyst: 'Analyst', researcher: 'Researcher' },
};

/** Post kinds (src/domain/raw-post.ts). */
const POST_KIND: Names = {
  id: { post: 'unggahan', comment: 'komentar', reply: 'balasan', share: 'bagikan ulang', photo: 'foto', video: 'video' },
  en: { post: 'post', comment: 'comment', reply: 'reply', share: 'share', photo: 'photo', video: 'video' },
};

/** Evidence file kinds and how they were captured (evidence.method). */
const EVIDENCE_KIND: Names = {
  id: {
    screenshot: 'tangkapan layar',
    'page-mhtml': 'salinan arsip halaman (MHTML)',
    'removal-page': 'halaman penghapusan',
    'api-record': 'rekaman API',
    record: 'rekaman',
    image: 'gambar unggahan',
  },
  en: {
    screenshot: 'screenshot',
    'page-mhtml': 'archived page (MHTML)',
    'removal-page': 'removal page',
    'api-record': 'API record',
    record: 'record',
    image: "post's image",
  },
};
const CAPTURE_METHOD: Names = {
  id: {
    collection: 'saat pengumpulan',
    flagged: 'setelah ditandai',
    manual: 'tangkapan manual',
    'collected-record': 'rekaman pengumpulan',
  },
  en: { collection: 'while collecting', flagged: 'after flagging', manual: 'captured by hand', 'collected-record': 'collected record' },
};

const name =
  (t: Names) =>
  (lang: Lang, code: string | null | undefined): string =>
    code ? (t[lang][code] ?? code) : '—';

export const statusName = name(STATUS);
export const decisionName = name(DECISION);
export const phaseName = name(PHASE);
export const postKindName = name(POST_KIND);
export const evidenceKindName = name(EVIDENCE_KIND);
export const captureMethodName = name(CAPTURE_METHOD);
export const roleName = (lang: Lang, role: UserRole): string => ROLE[lang][role];

/** Every code each table knows (for the completeness test). */
export const KNOWN_TERMS = { STATUS, DECISION, PHASE, POST_KIND, EVIDENCE_KIND, CAPTURE_METHOD };
