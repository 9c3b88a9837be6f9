import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { EFFECTIVE_STATUS } from '../domain/compliance-sql';
import { Database } from '../database/database';
import { SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus } from '../domain/compliance.enums';

/** The shared SQL fragments name `:today`; here it is the second positional parameter. */
const positional = (sql: string): string => sql.replace(/:today::date/g, '$2::date').replace(/:today/g, '$2::date');

export interface SubjectCount {
  kind: SubjectKind;
  department_id: string | null;
  status: SubjectStatus;
  compliance: ComplianceStatus | null;
  count: number;
}

export interface OverdueReviewRow {
  id: string;
  kind: string;
  due_date: string;
  overdue_days: number;
  subject_kind: SubjectKind;
  name: string;
  department_id: string | null;
  assignee_id: string | null;
}

/** The self-inspection workbook's figures, counted in SQL across subjects, vendors and reviews. */
@Injectable()
export class ComplianceReportRepository {
  constructor(private readonly database: Database) {}

  /** Subjects by kind, department, status and (ACTIVE ones) effective compliance as of today. */
  subjectCounts(ctx: Context): Promise<SubjectCount[]> {
    return this.database.manager(ctx).query<SubjectCount[]>(
      positional(`SELECT s.kind, s.department_id, s.status,
                         CASE WHEN s.status = 'ACTIVE' THEN ${EFFECTIVE_STATUS} END AS compliance, count(*)::int AS count
                    FROM subjects s LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id
                   WHERE s.organization_id = $1
                   GROUP BY 1, 2, 3, 4`),
      [ctx.organizationId, ctx.today()],
    );
  }

  /** OPEN reviews of ACTIVE subjects past their due date, by due date then id, a page after `after`. */
  overdueReviews(ctx: Context, after: { due: string; id: string } | undefined, limit: number): Promise<OverdueReviewRow[]> {
    return this.database.manager(ctx).query<OverdueReviewRow[]>(
      `SELECT r.id, r.kind, r.due_date, ($2::date - r.due_date) AS overdue_days, s.kind AS subject_kind, s.name, s.department_id, r.assignee_id
           FROM reviews r JOIN subjects s ON s.id = r.subject_id AND s.organization_id = r.organization_id
          WHERE r.organization_id = $1 AND r.status = 'OPEN' AND s.status = 'ACTIVE' AND r.due_date < $2::date
            AND ($3::date IS NULL OR (r.due_date, r.id) > ($3::date, $4::uuid))
          ORDER BY r.due_date, r.id
          LIMIT $5`,
      [ctx.organizationId, ctx.today(), after?.due ?? null, after?.id ?? null, limit],
    );
  }
}
