import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { RequirementsRepository } from '../requirements/requirements.repository';
import { EvidenceState } from '../domain/compliance.enums';
import { storedFindingCounts } from '../domain/compliance-sql';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { UsersRepository } from '../users/users.repository';
import { applicableRequirements } from './applicable-requirements';
import { statusOf, staticFindings } from './compliance-rules';
import { EvidenceRepository } from './evidence.repository';
import { FindingsRepository, StoredFinding } from './findings.repository';

const REFRESH_SLICE = 500;

/**
 * Keeps the stored static compliance (status and findings) of subjects current. Called inside the
 * transaction of every write that changes what the rules read: the subject itself, its evidence,
 * its owner's active flag, or the organization's requirements. In a batched transaction (a ledger
 * import) the subjects are collected and refreshed once, before the commit.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly subjects: SubjectsRepository,
    private readonly requirements: RequirementsRepository,
    private readonly evidence: EvidenceRepository,
    private readonly findings: FindingsRepository,
    private readonly users: UsersRepository,
  ) {}

  async refresh(ctx: Context, subjectIds: readonly string[]): Promise<void> {
    if (ctx.deferInBatch('compliance-refresh', subjectIds, (ctx, ids) => this.refreshNow(ctx, ids))) return;
    await this.refreshNow(ctx, subjectIds);
  }

  private async refreshNow(ctx: Context, subjectIds: readonly string[]): Promise<void> {
    const ids = [...new Set(subjectIds)];
    // In slices, so that no statement comes near PostgreSQL's 65,535 bind parameters (a requirement
    // change re-evaluates every subject of a kind: thousands, with dozens of findings each).
    for (let start = 0; start < ids.length; start += REFRESH_SLICE) {
      await this.refreshSlice(ctx, ids.slice(start, start + REFRESH_SLICE));
    }
  }

  private async refreshSlice(ctx: Context, ids: string[]): Promise<void> {
    const records = await this.subjects.records(ctx, ids);
    const catalog = await this.requirements.catalog(ctx);
    const ownerIds = [...new Set(records.map((r) => r.subject.ownerId).filter((id): id is string => id !== null))];
    const activeOwners = new Set(await this.users.activeIds(ctx, ownerIds));
    const evidence = await this.evidence.current(ctx, ids);
    const stateOf = new Map(evidence.map((e) => [`${e.subjectId}/${e.requirementCode}`, e.state]));

    const findingRows: StoredFinding[] = [];
    const statuses: { id: string; status: ReturnType<typeof statusOf>; findingCounts: number[] }[] = [];
    for (const record of records) {
      const { subject } = record;
      const findings = staticFindings({
        kind: subject.kind,
        hasActiveOwner: subject.ownerId !== null && activeOwners.has(subject.ownerId),
        confidentiality: subject.confidentiality,
        usageType: record.cloud?.usageType,
        requirements: applicableRequirements(catalog, record).map((entry) => ({
          code: entry.code,
          titleJa: entry.titleJa,
          state: stateOf.get(`${subject.id}/${entry.code}`) ?? EvidenceState.NOT_RECORDED,
        })),
      });
      statuses.push({ id: subject.id, status: statusOf(findings), findingCounts: storedFindingCounts(findings) });
      for (const finding of findings) findingRows.push({ subjectId: subject.id, ...finding });
    }
    await this.findings.replace(ctx, ids, findingRows);
    // Without touching version or updated_at: compliance is derived.
    await this.subjects.setStaticStatuses(ctx, statuses);
  }
}
