import { can } from '../../domain/roles.ts';
import { getCaseReport, saveCaseReport } from '../../repositories/case-reports.repository.ts';
import { custodyChainHead } from '../../repositories/evidence.repository.ts';
import { getFlagDetail } from '../../repositories/flag-detail.repository.ts';
import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { assertNotBlind } from '../blind.ts';
import { buildCaseReport, type CaseReport } from '../case-report.ts';
import { ConflictError, InvalidInputError, msg, NotFoundError } from '../errors.ts';
import { json, page, redirect, type RequestContext, type Route } from '../http/route.ts';
import { renderReportPdf } from '../report-pdf.ts';
import { MESSAGES } from '../views/i18n.ts';
import { reportPage } from '../views/report.view.ts';
import { flagIdParam, intParam, optionalText } from './params.ts';

export function reportRoutes(d: ReviewDeps): Route[] {
  async function load(ctx: RequestContext): Promise<CaseReport> {
    const id = flagIdParam(ctx.params['id']);
    await assertNotBlind(d.db, ctx.user!, secondReviewShare(d), id);
    const det = await getFlagDetail(d.db, id);
    if (!det) throw new NotFoundError(msg(`Temuan ${id} tidak ada`, `flag ${id} does not exist`));
    if (det.flag.status !== 'confirmed')
      throw new ConflictError(msg(MESSAGES.id.reportOnlyConfirmed, MESSAGES.en.reportOnlyConfirmed), 'not_confirmed', {
        currentStatus: det.flag.status,
      });
    return buildCaseReport(det, {
      pledge: d.pledge,
      reportingUnit: d.settings.reportingUnit,
      saved: await getCaseReport(d.db, id),
      chainHead: await custodyChainHead(d.db),
    });
  }
  async function save(ctx: RequestContext) {
    const report = await load(ctx);
    const narrative = optionalText(ctx.body['narrative'], 'narrative', 8000)?.trim();
    if (!narrative) throw new InvalidInputError(msg('Uraian kejadian wajib diisi', 'narrative is required'), 'narrative');
    const row = await saveCaseReport(d.db, {
      flagId: report.flagId,
      narrative,
      reporterName: optionalText(ctx.body['reporterName'], 'reporterName', 200)?.trim() || null,
      place: optionalText(ctx.body['place'], 'place', 300)?.trim() || null,
      version: intParam(ctx.body['version'] ?? 0, 'version'),
      userId: ctx.user!.userId,
      username: ctx.user!.username,
    });
    if (!row)
      throw new ConflictError(
        msg(
          'Orang lain menyimpan laporan ini setelah Anda membukanya; tidak ada yang diubah. Muat ulang untuk melihat teks mereka.',
          'someone else saved this report after you opened it; nothing was changed. Reload to see their text.',
        ),
        'version_conflict',
        { currentVersion: report.saved?.version ?? 0 },
      );
    return row;
  }
  return [
    {
      method: 'GET',
      path: '/flags/:id/report',
      access: 'flag.read',
      api: false,
      handler: async (ctx) =>
        page(
          reportPage({
            lang: ctx.lang,
            user: ctx.user,
            csrfToken: ctx.csrfToken,
            report: await load(ctx),
            canEdit: can(ctx.user!.role, 'report.write'),
            bodyClass: 'report-page',
          }),
        ),
    },
    {
      method: 'POST',
      path: '/flags/:id/report',
      access: 'report.write',
      api: false,
      handler: async (ctx) => {
        try {
          await save(ctx);
        } catch (e) {
          if (e instanceof ConflictError || e instanceof InvalidInputError)
            return page(
              reportPage({
                lang: ctx.lang,
                user: ctx.user,
                csrfToken: ctx.csrfToken,
                report: await load(ctx),
                canEdit: true,
                message: e.text(ctx.lang),
                bodyClass: 'report-page',
              }),
              e.status,
            );
          throw e;
        }
        return redirect(`/flags/${ctx.params['id']}/report`);
      },
    },
    {
      method: 'GET',
      path: '/flags/:id/report.pdf',
      access: 'flag.read',
      api: false,
      handler: async (ctx) => pdf(d, ctx, await load(ctx)),
    },
    {
      method: 'GET',
      path: '/api/flags/:id/report',
      access: 'flag.read',
      api: true,
      doc: {
        summary:
          'The Bawaslu case report of a confirmed flag: formal and material fields, evidence with SHA-256 and capture times, narrative (409 if not confirmed)',
        tags: ['reports'],
      },
      handler: async (ctx) => json(await load(ctx)),
    },
    {
      method: 'PUT',
      path: '/api/flags/:id/report',
      access: 'report.write',
      api: true,
      doc: {
        summary:
          'Save the narrative, reporter and place of a case report (version: 0 for the first save, then the version read; 409 when someone saved first)',
        tags: ['reports'],
        requestBody: {
          type: 'object',
          required: ['narrative', 'version'],
          properties: {
            narrative: { type: 'string' },
            reporterName: { type: 'string' },
            place: { type: 'string' },
            version: { type: 'integer' },
          },
        },
      },
      handler: async (ctx) => {
        const row = await save(ctx);
        return json({ version: row.version, updatedAt: row.updated_at });
      },
    },
    {
      method: 'GET',
      path: '/api/flags/:id/report.pdf',
      access: 'flag.read',
      api: true,
      doc: { summary: 'The case report as PDF (printed by Chromium)', tags: ['reports'] },
      handler: async (ctx) => pdf(d, ctx, await load(ctx)),
    },
  ];
}

async function pdf(d: ReviewDeps, ctx: RequestContext, r: CaseReport) {
  const body = await renderReportPdf(r, { lang: ctx.lang, chromiumPath: d.settings.chromiumPath, evidenceDir: d.settings.evidenceDir });
  return {
    kind: 'bytes' as const,
    body,
    contentType: 'application/pdf',
    headers: { 'Content-Disposition': `inline; filename="laporan-${r.flagId}.pdf"` },
  };
}
