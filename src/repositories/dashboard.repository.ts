import { sql } from 'kysely';
import { FLAG_STATUSES } from '../domain/statuses.ts';
import type { Db } from '../db/handle.ts';

export interface DashboardData {
  days: { day: string; flags: number; decisions: number; confirmed: number; dismissed: number }[];
  byLabel: { key: string; n: number }[];
  byAgency: { key: string; n: number }[];
  byRegion: { key: string; n: number }[];
  byStatus: { key: string; n: number }[];
  /** Per label, among decided flags: confirmed / (confirmed + dismissed). */
  confirmation: { label: string; confirmed: number; dismissed: number; rate: number | null }[];
}

/** Aggregate figures only (no person, no post): what every role that sees the dashboard may see. */
export async function dashboardData(db: Db, opts: { days: number; now?: Date }): Promise<DashboardData> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.days - 1) * 86_400_000);
  const wibDay = (col: string) => sql<string>`to_char((${sql.ref(col)} at time zone 'Asia/Jakarta')::date, 'YYYY-MM-DD')`;
  const sinceDay = sql`(${since}::timestamptz at time zone 'Asia/Jakarta')::date`;
  const flagDays = await db
    .selectFrom('flags')
    .select([wibDay('discovered_at').as('day'), sql<number>`count(*)`.as('n')])
    .where(sql<boolean>`(discovered_at at time zone 'Asia/Jakarta')::date >= ${sinceDay}`)
    .groupBy(sql`1`)
    .execute();
  const decisionDays = await db
    .selectFrom('flag_decisions')
    .select([
      wibDay('decided_at').as('day'),
      sql<number>`count(*)`.as('n'),
      sql<number>`count(*) filter (where decision = 'confirm')`.as('confirmed'),
      sql<number>`count(*) filter (where decision = 'dismiss')`.as('dismissed'),
    ])
    .where('round', '=', 1)
    .where(sql<boolean>`(decided_at at time zone 'Asia/Jakarta')::date >= ${sinceDay}`)
    .groupBy(sql`1`)
    .execute();
  const days: DashboardData['days'] = [];
  for (let i = opts.days - 1; i >= 0; i--) {
    const day = new Date(now.getTime() + 7 * 3_600_000 - i * 86_400_000).toISOString().slice(0, 10);
    const f = flagDays.find((r) => r.day === day);
    const dd = decisionDays.find((r) => r.day === day);
    days.push({
      day,
      flags: Number(f?.n ?? 0),
      decisions: Number(dd?.n ?? 0),
      confirmed: Number(dd?.confirmed ?? 0),
      dismissed: Number(dd?.dismissed ?? 0),
    });
  }
  const byLabel = await db
    .selectFrom(sql<{ label: string }>`(select jsonb_array_elements_text(labels) as label from flags)`.as('l'))
    .select(['l.label as key', sql<number>`count(*)`.as('n')])
    .groupBy('l.label')
    .orderBy(sql`2`, 'desc')
    .execute();
  const group = (expr: ReturnType<typeof sql<string>>) =>
    db
      .selectFrom('flags as f')
      // The flag's person (set for post and engagement flags alike, 0901/0907).
      .leftJoin('persons as pe', 'pe.id', 'f.person_id')
      .leftJoin('agencies as g', 'g.id', 'pe.agency_id')
      .select([expr.as('key'), sql<number>`count(*)`.as('n')])
      .groupBy(sql`1`)
      .orderBy(sql`2`, 'desc')
      .orderBy(sql`1`)
      .limit(12)
      .execute();
  const byAgency = await group(sql<string>`coalesce(g.name, '(tanpa registri)')`);
  const byRegion = await group(sql<string>`coalesce(pe.province, pe.region, '(tidak diketahui)')`);
  const order: string[] = [...FLAG_STATUSES];
  const byStatus = (
    await db
      .selectFrom('flags')
      .select(['status as key', sql<number>`count(*)`.as('n')])
      .groupBy('status')
      .execute()
  ).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const conf = await db
    .selectFrom(
      sql<{
        label: string;
        status: string;
      }>`(select jsonb_array_elements_text(labels) as label, status from flags where status in ('confirmed', 'dismissed'))`.as('x'),
    )
    .select([
      'x.label',
      sql<number>`count(*) filter (where x.status = 'confirmed')`.as('confirmed'),
      sql<number>`count(*) filter (where x.status = 'dismissed')`.as('dismissed'),
    ])
    .groupBy('x.label')
    .orderBy('x.label')
    .execute();
  const num = <T extends { n: number }>(rows: T[]) => rows.map((r) => ({ ...r, n: Number(r.n) }));
  return {
    days,
    byLabel: num(byLabel),
    byAgency: num(byAgency),
    byRegion: num(byRegion),
    byStatus: num(byStatus),
    confirmation: conf.map((r) => {
      const c = Number(r.confirmed);
      const di = Number(r.dismissed);
      return { label: r.label, confirmed: c, dismissed: di, rate: c + di > 0 ? c / (c + di) : null };
    }),
  };
}
