import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { todayIn } from '../common/calendar';
import { LoaderRegistry } from '../common/loaders';
import { ComplianceLoader } from '../compliance/compliance.loader';
import { applicableRequirements } from '../compliance/applicable-requirements';
import { OrganizationEntity } from '../organizations/organization.entity';
import { EVIDENCE_STATE_LABELS } from '../subjects/evidence-state-labels';
import { SubjectRecord } from '../subjects/subject-record';
import { SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus, EvidenceState } from '../domain/compliance.enums';
import { SubjectsService } from '../subjects/subjects.service';
import { UserEntity } from '../users/user.entity';
import { OutputCell } from './cell-values';
import { ComplianceReportRepository } from './compliance-report.repository';
import { toEraDate } from './era-date';
import { COMPLIANCE_STATUSES, labelOf, RISK_TIERS, SUBJECT_KIND_NAMES } from './ledger-columns';
import { EXPORT_PAGE_SIZE, subjectPages } from './ledger-export.service';
import { LedgerLookups } from './ledger-lookups';
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

/**
 * The workbook for the yearly self-inspection (自己点検): a summary by kind, status and department,
 * every finding, every overdue review and every requirement status with its reference and who
 * decided. Streamed sheet by sheet; the long sheets are read a page at a time.
 */
@Injectable()
export class ComplianceWorkbookService {
  constructor(
    private readonly subjects: SubjectsService,
    private readonly compliance: ComplianceLoader,
    private readonly lookups: LedgerLookups,
    private readonly reports: ComplianceReportRepository,
  ) {}

  async write(ctx: Context, output: TableOutput): Promise<void> {
    const today = ctx.today();
    const organization = await this.lookups.organization(ctx);
    const users = new Map((await this.lookups.allUsers(ctx)).map((u) => [u.id, u]));
    const departments = new Map((await this.lookups.departments(ctx)).map((d) => [d.id, d.name]));
    await this.summary(ctx, today, organization, departments, await output.sheet('概要', [28, 10, 10, 10, 10, 14]));
    await this.gaps(ctx, today, users, departments, await output.sheet('指摘事項', [16, 36, 16, 28, 16, 16, 8, 10, 30, 10, 60]));
    await this.overdueReviews(ctx, today, users, departments, await output.sheet('確認期限超過', [12, 16, 10, 16, 16, 36, 16, 16]));
    await this.evidence(ctx, users, await output.sheet('要件の確認状況', [16, 36, 10, 50, 18, 24, 30, 16, 12, 16, 16, 12, 16, 30]));
    await output.finish();
  }

  private async summary(
    ctx: Context,
    today: string,
    organization: OrganizationEntity,
    departments: Map<string, string>,
    sheet: SheetOutput,
  ): Promise<void> {
    const counts = await this.reports.subjectCounts(ctx);
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
    ctx: Context,
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
    for await (const page of subjectPages(this.subjects, ctx, { status: SubjectStatus.ACTIVE })) {
      const loaders = new LoaderRegistry();
      const [results, vendors] = await Promise.all([
        Promise.all(page.map((r) => this.compliance.compliance(loaders, ctx, r))),
        this.vendorNames(ctx, page),
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

  private async vendorNames(ctx: Context, page: SubjectRecord[]): Promise<Map<string, string>> {
    const ids = [...new Set(page.map((r) => r.subject.vendorId).filter((id): id is string => id !== null))];
    return new Map((await this.lookups.vendorsByIds(ctx, ids)).map((v) => [v.id, v.name]));
  }

  private async overdueReviews(
    ctx: Context,
    today: string,
    users: Map<string, UserEntity>,
    departments: Map<string, string>,
    sheet: SheetOutput,
  ): Promise<void> {
    await sheet.addRow(['期限', '期限（和暦）', '超過日数', '確認の種類', '区分', '名称', '部署', '担当者']);
    let after: { due: string; id: string } | undefined;
    for (;;) {
      const rows = await this.reports.overdueReviews(ctx, after, EXPORT_PAGE_SIZE);
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

  private async evidence(ctx: Context, users: Map<string, UserEntity>, sheet: SheetOutput): Promise<void> {
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
    const catalog = await this.lookups.catalog(ctx);
    const nameOf = (id: string | null): string | null => (id ? (users.get(id)?.displayName ?? null) : null);
    const dayOf = (at: Date | null): string | null => (at ? todayIn(ctx.timeZone, at) : null);
    for await (const page of subjectPages(this.subjects, ctx, { status: SubjectStatus.ACTIVE })) {
      const versions = await this.lookups.currentEvidence(
        ctx,
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
