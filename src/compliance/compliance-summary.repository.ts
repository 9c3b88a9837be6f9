import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { SubjectKind } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';
import { DATED_CONDITIONS, EFFECTIVE_STATUS } from '../domain/compliance-sql';

/** Named parameters in the shared SQL fragments become positional ones here. */
function positional(sql: string): string {
  return sql.replace(/:today::date/g, '$2::date').replace(/:today/g, '$2::date');
}

const FROM_ACTIVE_SUBJECTS = `FROM subjects s LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id
 WHERE s.organization_id = $1 AND s.status = 'ACTIVE'`;

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
    const manager = this.database.manager(ctx);
    const params = [ctx.organizationId, ctx.today()];
    const byStatus = await manager.query<{ kind: SubjectKind; status: ComplianceStatus; count: number }[]>(
      positional(`SELECT s.kind, ${EFFECTIVE_STATUS} AS status, count(*)::int AS count ${FROM_ACTIVE_SUBJECTS} GROUP BY 1, 2`),
      params,
    );
    const datedCounts = Object.entries(DATED_CONDITIONS)
      .map(([code, condition]) => `SELECT '${code}' AS code, count(*)::int AS count ${FROM_ACTIVE_SUBJECTS} AND ${condition}`)
      .join(' UNION ALL ');
    const byFinding = await manager.query<{ code: string; count: number }[]>(
      positional(`SELECT code, count FROM (
         SELECT f.code, count(*)::int AS count
           FROM subject_findings f JOIN subjects s ON s.id = f.subject_id AND s.organization_id = f.organization_id
          WHERE f.organization_id = $1 AND s.status = 'ACTIVE'
          GROUP BY f.code
         UNION ALL ${datedCounts}) c
       WHERE count > 0 ORDER BY count DESC, code`),
      params,
    );
    const [{ expiring, overdue, dueSoon }] = await manager.query<{ expiring: number; overdue: number; dueSoon: number }[]>(
      `SELECT (SELECT count(*)::int FROM vendor_certifications
                WHERE organization_id = $1 AND valid_until BETWEEN $2::date AND $2::date + 90) AS expiring,
              (SELECT count(*)::int FROM reviews r JOIN subjects s ON s.id = r.subject_id AND s.organization_id = r.organization_id
                WHERE r.organization_id = $1 AND r.status = 'OPEN' AND s.status = 'ACTIVE' AND r.due_date < $2::date) AS overdue,
              (SELECT count(*)::int FROM reviews r JOIN subjects s ON s.id = r.subject_id AND s.organization_id = r.organization_id
                WHERE r.organization_id = $1 AND r.status = 'OPEN' AND s.status = 'ACTIVE' AND r.due_date BETWEEN $2::date AND $2::date + 30) AS "dueSoon"`,
      params,
    );
    return { byStatus, byFinding, expiring, overdue, dueSoon };
  }
}
