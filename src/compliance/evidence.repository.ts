import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { EvidenceVersionEntity } from './evidence-version.entity';

export type NewEvidenceVersion = Omit<EvidenceVersionEntity, 'id' | 'organizationId' | 'subject'>;

/** Evidence of requirements: an append-only list of versions per subject and requirement. */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly database: Database) {}

  /** The current (newest) version of every requirement of the given subjects. */
  current(ctx: Context, subjectIds: readonly string[]): Promise<EvidenceVersionEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.database
      .manager(ctx)
      .createQueryBuilder(EvidenceVersionEntity, 'e')
      .distinctOn(['e.subject_id', 'e.requirement_code'])
      .where('e.organization_id = :organizationId AND e.subject_id IN (:...subjectIds)', {
        organizationId: ctx.organizationId,
        subjectIds: [...subjectIds],
      })
      .orderBy('e.subject_id')
      .addOrderBy('e.requirement_code')
      .addOrderBy('e.version', 'DESC')
      .getMany();
  }

  /** The newest version of one requirement of one subject, or null. */
  latest(ctx: Context, subjectId: string, requirementCode: string): Promise<EvidenceVersionEntity | null> {
    return this.database.manager(ctx).findOne(EvidenceVersionEntity, {
      where: { organizationId: ctx.organizationId, subjectId, requirementCode },
      order: { version: 'DESC' },
    });
  }

  /** Every version of one requirement of one subject. */
  versions(ctx: Context, subjectId: string, requirementCode: string): Promise<EvidenceVersionEntity[]> {
    return this.database
      .manager(ctx)
      .find(EvidenceVersionEntity, { where: { organizationId: ctx.organizationId, subjectId, requirementCode } });
  }

  /** Every version of the given subjects, by requirement and newest first. */
  ofSubjects(ctx: Context, subjectIds: readonly string[]): Promise<EvidenceVersionEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.database.manager(ctx).find(EvidenceVersionEntity, {
      where: { organizationId: ctx.organizationId, subjectId: In([...subjectIds]) },
      order: { requirementCode: 'ASC', version: 'DESC' },
    });
  }

  async append(ctx: Context, version: NewEvidenceVersion): Promise<EvidenceVersionEntity> {
    const manager = this.database.manager(ctx);
    return manager.save(manager.create(EvidenceVersionEntity, { ...version, organizationId: ctx.organizationId }));
  }
}
