import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { SubjectKind } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';
import { DATED_CONDITIONS, EFFECTIVE_STATUS, STORED_FINDING_CODES } from '../domain/compliance-sql';

/** Named parameters in the shared SQL fragments become positional ones here. */
function positional(sql: string): string {
  return sql.replace(/:today::date/g, '$2::date').replace(/:today/g, '$2::date');
}

/** Each finding code with the column of `groups` below that counts it. */
const FINDING_COLUMNS: { code: string; column: string; sum: string }[] = [
  ...STORED_FINDING_CODES.map((code, i) => ({ code, column: `stored_${i + 1}`, sum: `sum(s.static_finding_counts[${i + 1}])` })),
  ...Object.entries(DATED_CONDITIONS).map(([code, condition], i) => ({
    code,
    column: `dated_${i + 1}`,
    sum: `count(*) FILTER (WHERE ${condition})`,
  })),
];

/**
 * All of the dashboard's figures in one statement and one pass over the organization's ACTIVE
 * subjects: per kind and effective status, the subjects and their findings, the stored ones from
 * `static_finding_counts` (kept with the stored findings by the compliance refresh) and the dated
 * ones against today; then the reviews and certifications, each an indexed count.
 */
const SUMMARY_SQL = positional(`
  WITH groups AS (
    SELECT s.kind, ${EFFECTIVE_STATUS} AS status, count(*)::int AS count,
           ${FINDING_COLUMNS.map((f) => `${f.sum} AS ${f.column}`).join(',\n           ')}
      FROM subjects s LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id
     WHERE s.organization_id = $1 AND s.status = 'ACTIVE'
     GROUP BY 1, 2),
  findings AS (
    SELECT f.code, sum(f.count)::int AS count
      FROM groups CROSS JOIN LATERAL (VALUES ${FINDING_COLUMNS.map((f) => `('${f.code}', groups.${f.column})`).join(', ')}) AS f(code, count)
     GROUP BY f.code)
  SELECT
    (SELECT coalesce(json_agg(json_build_object('kind', kind, 'status', status, 'count', count)), '[]') FROM groups) AS "byStatus",
    (SELECT coalesce(json_agg(json_build_object('code', code, 'count', count) ORDER BY count DESC, code), '[]')
       FROM findings WHERE count > 0) AS "byFinding",
    (SELECT count(*)::int FROM vendor_certifications
      WHERE organization_id = $1 AND valid_until BETWEEN $2::date AND $2::date + 90) AS expiring,
    (SELECT count(*)::int FROM reviews r JOIN subjects s ON s.id = r.subject_id AND s.organization_id = r.organization_id
      WHERE r.organization_id = $1 AND r.status = 'OPEN' AND s.status = 'ACTIVE' AND r.due_date < $2::date) AS overdue,
    (SELECT count(*)::int FROM reviews r JOIN subjects s ON s.id = r.subject_id AND s.organization_id = r.organization_id
      WHERE r.organization_id = $1 AND r.status = 'OPEN' AND s.status = 'ACTIVE' AND r.due_date BETWEEN $2::date AND $2::date + 30) AS "dueSoon"`);

export interface SummaryCounts {
  byStatus: { kind: SubjectKind; status: ComplianceStatus; count: number }[];
  byFinding: { code: string; count: number }[];
  expiring: number;
  overdue: number;
  dueSoon: number;
}

/** The dashboard's figures over ACTIVE subjects as of today, counted by indexed SQL across the registers. */
@Injectable()
export class ComplianceSummaryRepository {
  constructor(private readonly database: Database) {}

  async counts(ctx: Context): Promise<SummaryCounts> {
    const [counts] = await this.database.manager(ctx).query<SummaryCounts[]>(SUMMARY_SQL, [ctx.organizationId, ctx.today()]);
    return counts;
  }
}
