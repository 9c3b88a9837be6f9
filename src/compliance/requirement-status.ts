import { CatalogEntry } from '../requirements/requirement-catalog';
import { RequirementModel } from '../requirements/requirement.model';
import { SubjectRecord } from '../subjects/subject-record';
import { EvidenceState } from '../domain/compliance.enums';
import { EvidenceFields, EvidenceVersionModel, RequirementStatusModel } from './compliance.model';
import { applicableRequirements } from './applicable-requirements';
import { EvidenceVersionEntity } from './evidence-version.entity';

function evidenceFields(
  organizationId: string,
  version: EvidenceVersionEntity | undefined,
): Omit<EvidenceFields, 'recordedBy' | 'decidedBy'> {
  return {
    state: version?.state ?? EvidenceState.NOT_RECORDED,
    reference: version?.reference ?? null,
    documentUrl: version?.documentUrl ?? null,
    note: version?.note ?? null,
    justification: version?.justification ?? null,
    recordedById: version?.recordedById ?? null,
    recordedAt: version?.recordedAt ?? null,
    decidedById: version?.decidedById ?? null,
    decidedAt: version?.decidedAt ?? null,
    decisionComment: version?.decisionComment ?? null,
    organizationId,
  };
}

/** One requirement's status: the newest version's state and every version, newest first. */
export function requirementStatus(
  entry: CatalogEntry,
  applicable: boolean,
  organizationId: string,
  versions: EvidenceVersionEntity[],
): RequirementStatusModel {
  const history = [...versions].sort((a, b) => b.version - a.version);
  return Object.assign(new RequirementStatusModel(), evidenceFields(organizationId, history[0]), {
    requirement: RequirementModel.from(entry),
    applicable,
    history: history.map((v) => Object.assign(new EvidenceVersionModel(), evidenceFields(organizationId, v), { version: v.version })),
  });
}

/** Every active requirement of the subject's kind, applicable ones first (each group in catalog order). */
export function requirementStatuses(
  catalog: readonly CatalogEntry[],
  record: SubjectRecord,
  versions: EvidenceVersionEntity[],
): RequirementStatusModel[] {
  const applicable = new Set(applicableRequirements(catalog, record).map((e) => e.code));
  const ofKind = catalog.filter((e) => e.active && e.subjectKind === record.subject.kind);
  const ordered = [...ofKind.filter((e) => applicable.has(e.code)), ...ofKind.filter((e) => !applicable.has(e.code))];
  return ordered.map((entry) =>
    requirementStatus(
      entry,
      applicable.has(entry.code),
      record.subject.organizationId,
      versions.filter((v) => v.requirementCode === entry.code),
    ),
  );
}
