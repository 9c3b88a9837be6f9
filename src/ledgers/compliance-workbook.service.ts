import { Injectable } from '@nestjs/common';
import { Actor } from '../common/actor';
import { todayIn } from '../common/calendar';
import { LoaderRegistry } from '../common/loaders';
import { ComplianceLoader } from '../compliance/compliance.loader';
import { applicableRequirements, currentEvidence } from '../compliance/compliance.service';
import { EFFECTIVE_STATUS } from '../compliance/compliance-sql';
import { Database } from '../database/database';
import { DepartmentEntity } from '../organizations/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { loadCatalog } from '../requirements/requirement-catalog';
import { EVIDENCE_STATE_LABELS } from '../subjects/evidence-state-labels';
import { SubjectRecord } from '../subjects/subject-record';
import { ComplianceStatus, EvidenceState, SubjectKind, SubjectStatus } from '../subjects/subject.enums';
import { SubjectsService } from '../subjects/subjects.service';
import { UserEntity } from '../users/user.entity';
import { VendorEntity } from '../vendors/vendor.entity';
import { OutputCell } from './cell-values';
import { toEraDate } from './era-date';
import { COMPLIANCE_STATUSES, labelOf, RISK_TIERS, SUBJECT_KIND_NAMES } from './ledger-columns';
import { EXPORT_PAGE_SIZE, subjectPages } from './ledger-export.service';
import { SheetOutput, TableOutput } from './ledger-output';

const REVIEW_KINDS: Record<string, string> = {
  INITIAL: '初回確認',
  PERIODIC: '定期確認',
  RENEWAL: '契約更新前の確認',
  CAMPAIGN: '一斉確認',
  AD_HOC: '臨時確認',
};

/** ISO and, beside it, the era form a person reads. */
const dated = (date: string | null | undefined): [OutputCell, OutputCell] => (date ? [date, toEraDate(date)] : [null, null]);

/** The shared SQL fragments name `:today`; here it is the second positional parameter. */
const positional = (sql: string): string => sql.replace(/:today::date/g, '$2::date').replace(/:today/g, '$2::date');

/**
 * The workbook for the yearly self-inspection (自己点検): a summary by kind, status and department,
 * every finding, every overdue review and every requirement status with its reference and who
 * decided. Streamed sheet by sheet; the long sheets are read a page at a time.
 */
@Injectable()
export class ComplianceWorkbookService {
  constructor(
    private readonly database: Database,
    private readonly subjects: SubjectsService,
    private readonly compliance: ComplianceLoader,
  ) {}

  async write(actor: Actor, output: TableOutput): Promise<void> {
    const today = todayIn(actor.timeZone);
    const manager = this.database.manager;
    const organization = await manager.findOneByOrFail(OrganizationEntity, { id: actor.organizationId });
    const users = new Map((await manager.find(UserEntity, { where: { organizationId: actor.organizationId } })).map((u) => [u.id, u]));
    const departments = new Map(
      (await manager.find(DepartmentEntity, { where: { organizationId: actor.organizationId } })).map((d) => [d.id, d.name]),
    );
    await this.summary(actor, today, organization, departments, await output.sheet('概要', [28, 10, 10, 10, 10, 14]));
    await this.gaps(actor, today, users, departments, await output.sheet('指摘事項', [16, 36, 16, 28, 16, 16, 8, 10, 30, 10, 60]));
    await this.overdueReviews(actor, today, users, departments, await output.sheet('確認期限超過', [12, 16, 10, 16, 16, 36, 16, 16]));
    await this.evidence(actor, users, await output.sheet('要件の確認状況', [16, 36, 10, 50, 18, 24, 30, 16, 12, 16, 16, 12, 16, 30]));
    await output.finish();
  }

  private async summary(
    actor: Actor,
    today: string,
    organization: OrganizationEntity,
    departments: Map<string, string>,
    sheet: SheetOutput,
  ): Promise<void> {
    const counts = await this.database.dataSource.query<
      { kind: SubjectKind; department_id: string | null; status: SubjectStatus; compliance: ComplianceStatus | null; count: number }[]
    >(
      positional(`SELECT s.kind, s.department_id, s.status,
                         CASE WHEN s.status = 'ACTIVE' THEN ${EFFECTIVE_STATUS} END AS compliance, count(*)::int AS count
                    FROM subjects s LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id
                   WHERE s.organization_id = $1
                   GROUP BY 1, 2, 3, 4`),
      [actor.organizationId, today],
    );
    await sheet.addRow(['自己点検 コンプライアンス状況']);
    await sheet.addRow(['団体', organization.name]);
    await sheet.addRow(['作成日', ...dated(today)]);
    await sheet.addRow([]);
    const statuses = [ComplianceStatus.COMPLIANT, ComplianceStatus.PENDING_REVIEW, ComplianceStatus.NON_COMPLIANT];
    const figures = (rows: typeof counts): OutputCell[] => {
      const active = rows.filter((r) => r.status === SubjectStatus.ACTIVE);
      const sum = (list: typeof counts): number => list.reduce((total, r) => total + r.count, 0);
      return [sum(active), ...statuses.map((status) => sum(active.filter((r) => r.compliance === status)))];
    };
    const heading = ['合計（有効）', ...statuses.map((s) => labelOf(COMPLIANCE_STATUSES, s))];
    await sheet.addRow(['区分別', ...heading, 'アーカイブ済み']);
    for (const kind of Object.values(SubjectKind)) {
      const ofKind = counts.filter((r) => r.kind === kind);
      await sheet.addRow([
        SUBJECT_KIND_NAMES[kind],
        ...figures(ofKind),
        ofKind.filter((r) => r.status === SubjectStatus.ARCHIVED).reduce((t, r) => t + r.count, 0),
      ]);
    }
    await sheet.addRow([
      '合計',
      ...figures(counts),
      counts.filter((r) => r.status === SubjectStatus.ARCHIVED).reduce((t, r) => t + r.count, 0),
    ]);
    await sheet.addRow([]);
    await sheet.addRow(['部署別', ...heading]);
    const departmentIds = [...new Set(counts.filter((r) => r.status === SubjectStatus.ACTIVE).map((r) => r.department_id))];
    const named = departmentIds
      .map((id) => ({ id, name: id ? (departments.get(id) ?? id) : '（部署未設定）' }))
      .sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name, 'ja')));
    for (const { id, name } of named) await sheet.addRow([name, ...figures(counts.filter((r) => r.department_id === id))]);
  }

  private async gaps(
    actor: Actor,
    today: string,
    users: Map<string, UserEntity>,
    departments: Map<string, string>,
    sheet: SheetOutput,
  ): Promise<void> {
    await sheet.addRow([
      '区分',
      '名称',
      '契約番号・アカウント名',
      '取引先',
      '責任者',
      '部署',
      'リスク区分',
      '適合状況',
      '指摘コード',
      '要件コード',
      '指摘内容',
    ]);
    for await (const page of subjectPages(this.subjects, actor, { status: SubjectStatus.ACTIVE })) {
      const loaders = new LoaderRegistry();
      const [results, vendors] = await Promise.all([
        Promise.all(page.map((r) => this.compliance.compliance(loaders, r, today))),
        this.vendorNames(actor, page),
      ]);
      for (const [index, record] of page.entries()) {
        const { subject } = record;
        for (const finding of results[index].findings) {
          await sheet.addRow([
            SUBJECT_KIND_NAMES[subject.kind],
            subject.name,
            record.contract?.contractNumber ?? record.social?.accountName ?? null,
            subject.vendorId ? (vendors.get(subject.vendorId) ?? null) : null,
            subject.ownerId ? (users.get(subject.ownerId)?.displayName ?? null) : null,
            subject.departmentId ? (departments.get(subject.departmentId) ?? null) : null,
            labelOf(RISK_TIERS, subject.riskTier),
            labelOf(COMPLIANCE_STATUSES, results[index].status),
            finding.code,
            finding.requirementCode,
            finding.message,
          ]);
        }
      }
    }
  }

  private async vendorNames(actor: Actor, page: SubjectRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(page.map((r) => r.subject.vendorId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Map();
    const rows = await this.database.manager
      .createQueryBuilder(VendorEntity, 'v')
      .select(['v.id', 'v.name'])
      .where('v.organization_id = :organizationId AND v.id IN (:...ids)', { organizationId: actor.organizationId, ids })
      .getMany();
    return new Map(rows.map((v) => [v.id, v.name]));
  }

  private async overdueReviews(
    actor: Actor,
    today: string,
    users: Map<string, UserEntity>,
    departments: Map<string, string>,
    sheet: SheetOutput,
  ): Promise<void> {
    await sheet.addRow(['期限', '期限（和暦）', '超過日数', '確認の種類', '区分', '名称', '部署', '担当者']);
    let after: { due: string; id: string } | undefined;
    for (;;) {
      const rows = await this.database.dataSource.query<
        {
          id: string;
          kind: string;
          due_date: string;
          overdue_days: number;
          subject_kind: SubjectKind;
          name: string;
          department_id: string | null;
          assignee_id: string | null;
        }[]
      >(
        `SELECT r.id, r.kind, r.due_date, ($2::date - r.due_date) AS overdue_days, s.kind AS subject_kind, s.name, s.department_id, r.assignee_id
           FROM reviews r JOIN subjects s ON s.id = r.subject_id AND s.organization_id = r.organization_id
          WHERE r.organization_id = $1 AND r.status = 'OPEN' AND s.status = 'ACTIVE' AND r.due_date < $2::date
            AND ($3::date IS NULL OR (r.due_date, r.id) > ($3::date, $4::uuid))
          ORDER BY r.due_date, r.id
          LIMIT ${EXPORT_PAGE_SIZE}`,
        [actor.organizationId, today, after?.due ?? null, after?.id ?? null],
      );
      for (const row of rows) {
        const assignee = row.assignee_id ? users.get(row.assignee_id) : undefined;
        await sheet.addRow([
          ...dated(row.due_date),
          row.overdue_days,
          REVIEW_KINDS[row.kind] ?? row.kind,
          SUBJECT_KIND_NAMES[row.subject_kind],
          row.name,
          row.department_id ? (departments.get(row.department_id) ?? null) : null,
          assignee ? assignee.displayName : '（未割当て）',
        ]);
      }
      if (rows.length < EXPORT_PAGE_SIZE) return;
      const last = rows[rows.length - 1];
      after = { due: last.due_date, id: last.id };
    }
  }

  private async evidence(actor: Actor, users: Map<string, UserEntity>, sheet: SheetOutput): Promise<void> {
    await sheet.addRow([
      '区分',
      '名称',
      '要件コード',
      '要件',
      '状態',
      '根拠（条項等）',
      '文書URL',
      '記録者',
      '記録日',
      '判断者',
      '判断日',
      '判断日（和暦）',
      '判断コメント・備考',
      '適用除外の理由',
    ]);
    const catalog = await loadCatalog(this.database.manager, actor.organizationId);
    const nameOf = (id: string | null): string | null => (id ? (users.get(id)?.displayName ?? null) : null);
    const dayOf = (at: Date | null): string | null => (at ? todayIn(actor.timeZone, at) : null);
    for await (const page of subjectPages(this.subjects, actor, { status: SubjectStatus.ACTIVE })) {
      const versions = await currentEvidence(
        this.database.manager,
        actor.organizationId,
        page.map((r) => r.subject.id),
      );
      const current = new Map(versions.map((v) => [`${v.subjectId}/${v.requirementCode}`, v]));
      for (const record of page) {
        for (const requirement of applicableRequirements(catalog, record)) {
          const version = current.get(`${record.subject.id}/${requirement.code}`);
          const decidedOn = dayOf(version?.decidedAt ?? null);
          await sheet.addRow([
            SUBJECT_KIND_NAMES[record.subject.kind],
            record.subject.name,
            requirement.code,
            requirement.titleJa,
            EVIDENCE_STATE_LABELS[version?.state ?? EvidenceState.NOT_RECORDED],
            version?.reference ?? null,
            version?.documentUrl ?? null,
            nameOf(version?.recordedById ?? null),
            dayOf(version?.recordedAt ?? null),
            nameOf(version?.decidedById ?? null),
            ...dated(decidedOn),
            version?.decisionComment ?? version?.note ?? null,
            version?.justification ?? null,
          ]);
        }
      }
    }
  }
}
