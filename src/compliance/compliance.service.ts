import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { applies } from '../requirements/applicability';
import { CatalogEntry, loadCatalog } from '../requirements/requirement-catalog';
import { attributesOf, SubjectRecord, withDetails } from '../subjects/subject-record';
import { EvidenceState } from '../subjects/subject.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { UserEntity } from '../users/user.entity';
import { statusOf, staticFindings } from './compliance-rules';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { SubjectFindingEntity } from './subject-finding.entity';

const REFRESH_SLICE = 500;
const INSERT_SLICE = 2000;

/** The current (newest) evidence version of every requirement of the given subjects. */
export async function currentEvidence(
  manager: EntityManager,
  organizationId: string,
  subjectIds: string[],
): Promise<EvidenceVersionEntity[]> {
  if (subjectIds.length === 0) return [];
  return manager
    .createQueryBuilder(EvidenceVersionEntity, 'e')
    .distinctOn(['e.subject_id', 'e.requirement_code'])
    .where('e.organization_id = :organizationId AND e.subject_id IN (:...subjectIds)', { organizationId, subjectIds })
    .orderBy('e.subject_id')
    .addOrderBy('e.requirement_code')
    .addOrderBy('e.version', 'DESC')
    .getMany();
}

/** The active requirements of the catalog that apply to the subject. */
export function applicableRequirements(catalog: readonly CatalogEntry[], record: SubjectRecord): CatalogEntry[] {
  const attributes = attributesOf(record);
  return catalog.filter((entry) => entry.active && entry.subjectKind === record.subject.kind && applies(entry.appliesWhen, attributes));
}

/**
 * Keeps the stored static compliance (status and findings) of subjects current. Called inside the
 * transaction of every write that changes what the rules read: the subject itself, its evidence,
 * its owner's active flag, or the organization's requirements.
 */
@Injectable()
export class ComplianceService {
  async refresh(manager: EntityManager, organizationId: string, subjectIds: readonly string[]): Promise<void> {
    const ids = [...new Set(subjectIds)];
    // In slices, so that no statement comes near PostgreSQL's 65,535 bind parameters (a requirement
    // change re-evaluates every subject of a kind: thousands, with dozens of findings each).
    for (let start = 0; start < ids.length; start += REFRESH_SLICE) {
      await this.refreshSlice(manager, organizationId, ids.slice(start, start + REFRESH_SLICE));
    }
  }

  private async refreshSlice(manager: EntityManager, organizationId: string, ids: string[]): Promise<void> {
    const subjects = await manager.findBy(SubjectEntity, { organizationId, id: In(ids) });
    const records = await withDetails(manager, organizationId, subjects);
    const catalog = await loadCatalog(manager, organizationId);
    const ownerIds = [...new Set(subjects.map((s) => s.ownerId).filter((id): id is string => id !== null))];
    const activeOwners = new Set(
      ownerIds.length ? (await manager.findBy(UserEntity, { organizationId, id: In(ownerIds), active: true })).map((u) => u.id) : [],
    );
    const evidence = await currentEvidence(manager, organizationId, ids);
    const stateOf = new Map(evidence.map((e) => [`${e.subjectId}/${e.requirementCode}`, e.state]));

    const findingRows: Partial<SubjectFindingEntity>[] = [];
    const statuses: { id: string; status: string }[] = [];
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
      statuses.push({ id: subject.id, status: statusOf(findings) });
      for (const finding of findings) findingRows.push({ organizationId, subjectId: subject.id, ...finding });
    }
    await manager.delete(SubjectFindingEntity, { organizationId, subjectId: In(ids) });
    for (let start = 0; start < findingRows.length; start += INSERT_SLICE) {
      await manager.insert(SubjectFindingEntity, findingRows.slice(start, start + INSERT_SLICE));
    }
    // One statement for every status, without touching version or updated_at: compliance is derived.
    await manager.query(
      `UPDATE subjects s SET static_status = v.status::compliance_status
         FROM unnest($2::uuid[], $3::text[]) AS v(id, status)
        WHERE s.organization_id = $1 AND s.id = v.id AND s.static_status IS DISTINCT FROM v.status::compliance_status`,
      [organizationId, statuses.map((s) => s.id), statuses.map((s) => s.status)],
    );
  }
}

/**
 * For a bulk write in one transaction (a ledger import): collects the subjects to re-evaluate and
 * refreshes them together at the end, in slices, instead of after every row. The caller must call
 * `flush` before it commits.
 */
export class DeferredComplianceRefresh extends ComplianceService {
  private readonly pending = new Map<string, Set<string>>();

  override refresh(_manager: EntityManager, organizationId: string, subjectIds: readonly string[]): Promise<void> {
    const ids = this.pending.get(organizationId) ?? new Set<string>();
    for (const id of subjectIds) ids.add(id);
    this.pending.set(organizationId, ids);
    return Promise.resolve();
  }

  async flush(manager: EntityManager): Promise<void> {
    for (const [organizationId, ids] of this.pending) await super.refresh(manager, organizationId, [...ids]);
    this.pending.clear();
  }
}
