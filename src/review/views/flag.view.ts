import type { PledgeRules } from '../../domain/pledge.ts';
import type { LabelFinding, Target } from '../../domain/classification.ts';
import { DECIDED_STATUSES, DISMISS_REASONS } from '../../domain/decisions.ts';
import { LABELS } from '../../domain/labels.ts';
import { can } from '../../domain/roles.ts';
import type { FlagDetail } from '../../repositories/flag-detail.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import type { ShownStatus } from '../blind.ts';
import { REOPENABLE, WITHDRAWABLE } from '../decide.ts';
import { html, safeUrl, type SafeHtml } from '../http/html.ts';
import { legalBasisIndonesian } from '../legal-basis.ts';
import { captureMethodName, decisionName, evidenceKindName, phaseName } from '../terms.ts';
import { deadlineClock, excerpt, LABEL_NAMES, labelChips, SANCTION_NAMES, statusChip, wib } from './format.ts';
import { highlightedText } from './highlight.ts';
import { engagementItemsSection } from './engagement-items.view.ts';
import { imageTextSection } from './image-text.view.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';
import { sharedPostFigure } from './shared-post.view.ts';

export interface FlagView {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  detail: Omit<FlagDetail, 'otherFlags'> & { otherFlags: (Omit<FlagDetail['otherFlags'][number], 'status'> & { status: ShownStatus })[] };
  pledge: PledgeRules;
  /** Active people a supervisor may assign the flag to. */
  analysts?: { username: string; name: string }[];
  /** A message after a decision or a conflict. */
  message?: { kind: 'ok' | 'conflict' | 'error'; text: string } | undefined;
  now?: Date;
}

function targetsOf(findings: LabelFinding[]): Target[] {
  const seen = new Map<string, Target>();
  for (const f of findings) for (const t of f.targets ?? []) seen.set(t.id, t);
  return [...seen.values()];
}

function evidenceSection(v: FlagView): SafeHtml {
  const t = MESSAGES[v.lang];
  const files = v.detail.evidence;
  if (files.length === 0) return html`<p class="alert" id="no-evidence">${t.noEvidenceFiles}</p><p class="muted">${t.noEvidenceHint}</p>`;
  const shots = files.filter((e) => e.kind === 'screenshot' || e.kind === 'image' || e.mime === 'image/png');
  const others = files.filter((e) => !shots.includes(e));
  return html`
  ${shots.map(
    (e) => html`<figure class="shot">
      <a href="/evidence/${e.id}"><img src="/evidence/${e.id}" alt="${t.screenshot} ${e.url ?? ''}" loading="lazy"></a>
      <figcaption>${evidenceKindName(v.lang, e.kind)} · ${t.capturedAt}: ${e.captured_at_wib ?? wib(e.captured_at)}<br><code class="hash">${t.sha256} ${e.sha256}</code></figcaption>
    </figure>`,
  )}
  <table class="kv evidence-list">
    <thead><tr><th>${t.kind}</th><th>${t.capturedAt}</th><th>${t.sha256}</th></tr></thead>
    <tbody>${files.map(
      (
        e,
      ) => html`<tr><td><a href="/evidence/${e.id}">${evidenceKindName(v.lang, e.kind)}</a> <small>(${Math.ceil(e.bytes / 1024)} KiB)</small></td>
        <td>${e.captured_at_wib ?? wib(e.captured_at)}<br><small>${e.method ? captureMethodName(v.lang, e.method) : ''} ${e.actor ?? ''}</small></td><td><code class="hash">${e.sha256}</code></td></tr>`,
    )}</tbody>
  </table>
  ${others.length ? '' : ''}`;
}

function rulesSection(v: FlagView): SafeHtml {
  const t = MESSAGES[v.lang];
  const findings = v.detail.classification?.findings ?? [];
  if (findings.length === 0) return html`<p class="muted">${t.none}</p>`;
  const skb = new Map(v.pledge.skb.items.map((i) => [i.number, i]));
  return html`${findings.map(
    (f) => html`<div class="finding">
      <h3>${labelChips(v.lang, [f.label])} <small>${t.scores}: ${f.score.toFixed(2)} (${t.threshold} ${f.threshold.toFixed(2)})</small></h3>
      <dl class="kv">
        <dt>${t.pledgeClause}</dt><dd>${f.pledgeClause}. ${v.pledge.pledge.clauses.find((c) => c.number === f.pledgeClause)?.text ?? ''}</dd>
        <dt>${t.skbItem}</dt><dd>${f.skbItems.length ? html`${f.skbItems.map((n) => html`<div>${n}. ${skb.get(n)?.act ?? ''} <small>(${SANCTION_NAMES[skb.get(n)?.level ?? ''] ?? ''})</small></div>`)}` : '—'}</dd>
        <dt>${t.sanction}</dt><dd>${f.sanction ? (SANCTION_NAMES[f.sanction] ?? f.sanction) : '—'}</dd>
        <dt>${t.legalBasis}</dt><dd>${v.lang === 'id' ? legalBasisIndonesian(f.legalBasis) : f.legalBasis}</dd>
        ${f.claim ? html`<dt>${t.hoaxClaim}</dt><dd class="claim"><code>${f.claim.id}</code> ${f.claim.title ?? ''} <small>(${t.similarity} ${f.claim.similarity.toFixed(2)})</small></dd>` : ''}
      </dl>
    </div>`,
  )}`;
}

function identitySection(v: FlagView): SafeHtml {
  const t = MESSAGES[v.lang];
  const { person: p, account: a } = v.detail;
  // An engagement flag has no post: its account is its first item's.
  const post = v.detail.post ?? v.detail.engagements[0]?.account ?? { platform: '-', handle: '-' };
  return html`<dl class="kv">
    <dt>${t.name}</dt><dd class="person-name">${p ? html`<a href="/persons/${p.id}" id="person-link">${p.name}</a>` : '—'}</dd>
    <dt>${t.nip}</dt><dd><code>${p?.nip ?? '—'}</code></dd>
    <dt>${t.agency}</dt><dd>${p?.agency ?? '—'}</dd>
    <dt>${t.position}</dt><dd>${p?.position ?? '—'}</dd>
    <dt>${t.region}</dt><dd>${[p?.region, p?.province].filter(Boolean).join(', ') || '—'}</dd>
    <dt>${t.employmentType}</dt><dd>${p?.employmentType ?? '—'}</dd>
    <dt>${t.account}</dt><dd>${post.platform}/@${post.handle}${a ? html` · <a href="${safeUrl(a.profileUrl)}" rel="noopener noreferrer" target="_blank">${t.profile}</a>` : ''}${a?.platformAccountId ? html`<br><small>id ${a.platformAccountId}</small>` : ''}</dd>
    <dt>${t.linkBasis}</dt><dd>${a?.linkSource ?? '—'}${a?.linkEvidenceUrl ? html` · <a href="${safeUrl(a.linkEvidenceUrl)}" rel="noopener noreferrer" target="_blank">${t.url}</a>` : ''}</dd>
    <dt>${t.linkConfidence}</dt><dd>${a?.linkConfidence != null ? a.linkConfidence.toFixed(2) : '—'}</dd>
    <dt>${t.linkBy}</dt><dd>${a?.linkEstablishedBy ?? '—'} ${a?.linkEstablishedAt ?? ''}</dd>
  </dl>`;
}

function decisionForm(v: FlagView): SafeHtml {
  const t = MESSAGES[v.lang];
  const f = v.detail.flag;
  // An engagement with a campaign account is SKB 2022 item 6 (commenting, sharing, liking, following).
  const suggested = v.detail.classification ? v.detail.classification.findings.flatMap((x) => x.skbItems)[0] : 6;
  const mayDecide =
    can(v.user.role, 'flag.decide') &&
    !DECIDED_STATUSES.includes(f.status) &&
    (f.status !== 'escalated' || can(v.user.role, 'flag.decide_escalated'));
  if (!mayDecide) return html``;
  return html`<form method="post" action="/flags/${f.id}/decide" class="decide" id="decide-form">
    ${csrfField(v.csrfToken)}<input type="hidden" name="version" value="${f.version}">
    <fieldset><legend>${t.confirm}</legend>
      <label>${t.skbItem}<select name="skbItem" id="skb-item">
        ${v.pledge.skb.items.map((i) => html`<option value="${i.number}"${i.number === suggested ? html` selected` : ''}>${i.number}. ${excerpt(i.act, 70)} (${SANCTION_NAMES[i.level] ?? i.level})</option>`)}
      </select></label>
      <button type="submit" name="decision" value="confirm" class="primary" id="btn-confirm">${t.confirm} <kbd>c</kbd></button>
    </fieldset>
    <fieldset><legend>${t.dismiss}</legend>
      <label>${t.reason}<select name="dismissReason" id="dismiss-reason">
        ${Object.entries(DISMISS_REASONS).map(([k, r]) => html`<option value="${k}">${v.lang === 'en' ? r.en : r.id}</option>`)}
      </select></label>
      <label>${t.explanation}<input name="dismissText" maxlength="4000"></label>
      <button type="submit" name="decision" value="dismiss" id="btn-dismiss">${t.dismiss} <kbd>d</kbd></button>
    </fieldset>
    <fieldset><legend>${t.correct}</legend>
      <div class="checks">${LABELS.map((l) => html`<label class="check"><input type="checkbox" name="labels" value="${l}"${f.labels.includes(l) ? html` checked` : ''}> ${LABEL_NAMES[v.lang][l]}</label>`)}</div>
      <button type="submit" name="decision" value="correct">${t.correct}</button>
    </fieldset>
    <label>${t.note}<textarea name="note" rows="2" maxlength="4000"></textarea></label>
    ${f.status !== 'escalated' ? html`<button type="submit" name="decision" value="escalate" id="btn-escalate">${t.escalate} <kbd>e</kbd></button>` : ''}
  </form>`;
}

/** A supervisor's tools: assign to an analyst, reopen, withdraw (each with a reason). */
function supervisorForms(v: FlagView): SafeHtml {
  const t = MESSAGES[v.lang];
  const f = v.detail.flag;
  const assign =
    can(v.user.role, 'flag.assign') && (f.status === 'open' || f.status === 'claimed') && v.analysts?.length
      ? html`<form method="post" action="/flags/${f.id}/assign" class="stack" id="assign-form">
      ${csrfField(v.csrfToken)}<input type="hidden" name="version" value="${f.version}">
      <label>${t.assignTo}<select name="assignee" id="assignee">${v.analysts.map((a) => html`<option value="${a.username}"${a.username === f.assignee ? html` selected` : ''}>${a.name} (${a.username})</option>`)}</select></label>
      <label>${t.reason}<input name="reason" maxlength="4000"></label>
      <button type="submit" id="btn-assign">${t.assign}</button>
    </form>`
      : '';
  const mayReopen = can(v.user.role, 'flag.reopen') && REOPENABLE.includes(f.status);
  const mayWithdraw = can(v.user.role, 'flag.reopen') && WITHDRAWABLE.includes(f.status);
  const reopen =
    mayReopen || mayWithdraw
      ? html`<form method="post" action="/flags/${f.id}/reopen" class="stack" id="reopen-form">
      ${csrfField(v.csrfToken)}<input type="hidden" name="version" value="${f.version}">
      <label>${t.reasonRequired}<textarea name="reason" rows="2" maxlength="4000" required></textarea></label>
      ${mayReopen ? html`<button type="submit" name="kind" value="reopen" id="btn-reopen">${t.reopen}</button>` : ''}
      ${mayWithdraw ? html`<button type="submit" name="kind" value="withdraw" id="btn-withdraw" class="danger">${t.withdraw}</button>` : ''}
    </form>`
      : '';
  return assign || reopen ? html`<section class="card"><h2>${t.supervision}</h2>${assign}${reopen}</section>` : html``;
}

export function flagPage(v: FlagView): SafeHtml {
  const t = MESSAGES[v.lang];
  const d = v.detail;
  const f = d.flag;
  const c = d.classification;
  const targets = targetsOf(c?.findings ?? []);
  const mine = f.status === 'claimed' && f.assignee === v.user.username;
  return layout({
    lang: v.lang,
    title: `${t.flag} #${f.id}`,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'flag',
    body: html`
<section class="toolbar">
  <h1>${t.flag} #${f.id} ${labelChips(v.lang, f.labels)} ${statusChip(v.lang, f.status)}</h1>
  <div class="toolbar-right">
    ${DECIDED_STATUSES.includes(f.status) ? '' : deadlineClock(v.lang, f.discovered_at, v.now)}
    ${f.status === 'confirmed' ? html`<a class="button" href="/flags/${f.id}/report" id="report-link">${t.report} <kbd>p</kbd></a>` : ''}
    ${mine ? html`<form method="post" action="/flags/${f.id}/release" class="inline">${csrfField(v.csrfToken)}<button type="submit">${t.release}</button></form>` : ''}
    ${can(v.user.role, 'flag.decide') ? html`<form method="post" action="/queue/next" class="inline" id="take-next">${csrfField(v.csrfToken)}<button type="submit">${t.takeNext} <kbd>n</kbd></button></form>` : ''}
    <a href="/queue">${t.queue}</a>
  </div>
</section>
${v.message ? html`<p class="${v.message.kind === 'ok' ? 'notice' : 'alert'}" role="${v.message.kind === 'ok' ? 'status' : 'alert'}" id="flag-message">${v.message.text}</p>` : ''}
${f.status === 'claimed' && !mine ? html`<p class="alert">${t.claimedBy} ${f.assignee}</p>` : ''}
<div class="flag-grid">
<div class="col-main">
  ${
    !d.post || !c
      ? engagementItemsSection(v.lang, d.engagements)
      : html`<section class="card post">
    <p class="meta">${d.post.platform}/@${d.post.handle} · ${t.posted} ${wib(d.post.postedAt)} · ${t.discovered} ${wib(f.discovered_at)}${f.election_phase ? html` · ${t.phase}: <span id="phase">${phaseName(v.lang, f.election_phase)}</span>` : ''}
      ${d.post.url ? html` · <a href="${safeUrl(d.post.url)}" rel="noopener noreferrer" target="_blank">${t.openOriginal}</a>` : ''}</p>
    ${d.post.deletedAt ? html`<p class="alert">${t.deleted}: ${wib(d.post.deletedAt)}</p>` : ''}
    <blockquote class="post-text" id="post-text">${highlightedText(d.post.text, c.evidence)}</blockquote>
    ${imageTextSection(v.lang, d)}
    ${sharedPostFigure(v.lang, d.post.shared)}
    <p class="muted">${t.scores}: ${Object.entries(c.scores)
      .filter(([, s]) => s > 0)
      .map(([l, s]) => `${LABEL_NAMES[v.lang][l] ?? l} ${s.toFixed(2)}`)
      .join(' · ')}</p>
  </section>`
  }
  <section class="card"><h2>${t.evidence}</h2>${evidenceSection(v)}</section>
  <section class="card"><h2>${t.rules}</h2>
    ${targets.length ? html`<p><strong>${t.concerns}:</strong> ${targets.map((x) => html`<span class="chip target">${x.name}</span> `)}</p>` : ''}
    ${rulesSection(v)}
  </section>
  <section class="card"><h2>${t.otherFlags}</h2>
    ${d.person ? html`<p><a href="/persons/${d.person.id}" id="person-page-link">${v.lang === 'en' ? 'All accounts, posts and flags of this person' : 'Semua akun, unggahan dan temuan ASN ini'} →</a></p>` : ''}
    ${d.otherFlags.length === 0 ? html`<p class="muted">${t.none}</p>` : html`<ul class="other-flags">${d.otherFlags.map((o) => html`<li><a href="/flags/${o.id}">#${o.id}</a> ${labelChips(v.lang, o.labels)} ${statusChip(v.lang, o.status)} <small>${wib(o.postedAt)}</small> — ${excerpt(o.text, 90)}</li>`)}</ul>`}
  </section>
  <section class="card"><h2>${t.versions}</h2>
    <dl class="kv"><dt>NLP</dt><dd><code>${c?.nlpVersion ?? '—'}</code></dd><dt>${t.lexicon}</dt><dd><code>${c?.lexiconVersion ?? '—'}</code></dd>
      <dt>${t.model}</dt><dd>${Object.entries(c?.modelVersions ?? {}).map(([k, val]) => html`<code>${k} ${val}</code> `)}${Object.keys(c?.modelVersions ?? {}).length ? '' : '—'}</dd>
      <dt>${t.postVersions}</dt><dd>${d.postVersions.map((pv) => html`<div>${d.post ? '' : `#${pv.post_id} `}v${pv.version} · ${wib(pv.collected_at)} · <code class="hash">${pv.content_sha256.slice(0, 16)}…</code>${pv.version === c?.postVersion ? ' ✓' : ''}</div>`)}</dd></dl>
  </section>
  <section class="card"><h2>${t.history}</h2>
    <table class="audit"><tbody>${d.audit.map((a) => html`<tr><td><small>${wib(a.at)}</small></td><td>${a.actor}</td><td><code>${a.action}</code></td></tr>`)}</tbody></table>
  </section>
</div>
<aside class="col-side">
  <section class="card"><h2>${t.identity}</h2>${identitySection(v)}</section>
  ${supervisorForms(v)}
  <section class="card"><h2>${t.decide}</h2>${decisionForm(v)}
    <h3>${t.decisions}</h3>
    ${
      d.decisions.length === 0
        ? html`<p class="muted">${t.none}</p>`
        : html`<ul class="decisions">${d.decisions.map(
            (
              x,
            ) => html`<li><strong>${decisionName(v.lang, x.decision)}</strong>${x.round > 1 ? ` (${t.round} ${x.round})` : ''} ${t.decidedBy} ${x.displayName} <small>${wib(x.decided_at)}</small>
      ${x.skb_item ? html`<br>${t.skbItem}: ${x.skb_item}` : ''}${x.dismiss_reason ? html`<br>${t.reason}: ${(DISMISS_REASONS as Record<string, { id: string; en: string }>)[x.dismiss_reason]?.[v.lang] ?? x.dismiss_reason}${x.dismiss_text ? ` — ${x.dismiss_text}` : ''}` : ''}
      ${x.corrected_labels ? html`<br>${labelChips(v.lang, x.labels_before ?? [])} → ${labelChips(v.lang, x.corrected_labels)}` : ''}${x.note ? html`<br><em>${x.note}</em>` : ''}</li>`,
          )}</ul>`
    }
  </section>
  <section class="card"><h2>${t.notes}</h2>
    ${d.notes.length ? html`<ul class="notes">${d.notes.map((n) => html`<li>${n.text} <small>— ${n.displayName}, ${wib(n.createdAt)}</small></li>`)}</ul>` : ''}
    ${can(v.user.role, 'flag.decide') ? html`<form method="post" action="/flags/${f.id}/notes">${csrfField(v.csrfToken)}<textarea name="text" rows="2" maxlength="4000" required></textarea><button type="submit">${t.addNote}</button></form>` : ''}
  </section>
</aside>
</div>`,
  });
}
