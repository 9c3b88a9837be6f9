import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { badField, conflict } from '../common/errors';
import { CatalogEntry } from '../requirements/requirement-catalog';
import { RequirementsRepository } from '../requirements/requirements.repository';
import { SubjectRecord } from '../subjects/subject-record';
import { SubjectStatus } from '../domain/subject.enums';
import { SubjectsRepository } from '../subjects/subjects.repository';
import { applicableRequirements } from './applicable-requirements';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { EvidenceRepository, NewEvidenceVersion } from './evidence.repository';

export interface EvidenceTarget {
  record: SubjectRecord;
  requirement: CatalogEntry;
  current: EvidenceVersionEntity | null;
}

/** Where evidence goes: the subject (locked, so versions follow one another), the requirement (known, active, applicable) and its current evidence. */
@Injectable()
export class EvidenceTargets {
  constructor(
    private readonly subjects: SubjectsRepository,
    private readonly requirements: RequirementsRepository,
    private readonly evidence: EvidenceRepository,
  ) {}

  async resolve(ctx: Context, subjectId: string, requirementCode: string): Promise<EvidenceTarget> {
    const record = await this.subjects.record(ctx, subjectId, '登録対象', { forUpdate: true });
    if (record.subject.status !== SubjectStatus.ACTIVE) throw conflict('アーカイブされた登録対象の証跡は変更できません。');
    const catalog = await this.requirements.catalog(ctx, record.subject.kind);
    const requirement = catalog.find((entry) => entry.code === requirementCode);
    if (!requirement) throw badField('requirementCode', `要件コード ${requirementCode} はこの種類の登録対象にはありません。`);
    if (!applicableRequirements(catalog, record).some((entry) => entry.code === requirementCode)) {
      throw badField(
        'requirementCode',
        `要件 ${requirementCode} はこの登録対象には適用されません（無効化されているか、条件に当てはまりません）。`,
      );
    }
    const current = await this.evidence.latest(ctx, subjectId, requirementCode);
    return { record, requirement, current };
  }

  versions(ctx: Context, target: EvidenceTarget): Promise<EvidenceVersionEntity[]> {
    return this.evidence.versions(ctx, target.record.subject.id, target.requirement.code);
  }

  /** The next version of the target's evidence. */
  append(
    ctx: Context,
    target: EvidenceTarget,
    fields: Omit<NewEvidenceVersion, 'subjectId' | 'requirementCode' | 'version'>,
  ): Promise<EvidenceVersionEntity> {
    return this.evidence.append(ctx, {
      subjectId: target.record.subject.id,
      requirementCode: target.requirement.code,
      version: (target.current?.version ?? 0) + 1,
      ...fields,
    });
  }
}
