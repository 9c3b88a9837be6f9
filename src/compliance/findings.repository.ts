import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { SubjectFindingEntity } from './subject-finding.entity';

export type StoredFinding = Pick<SubjectFindingEntity, 'subjectId' | 'code' | 'requirementCode' | 'message'>;

const INSERT_SLICE = 2000;

/** The static findings of subjects as last computed (the dated ones are computed on reading). */
@Injectable()
export class FindingsRepository {
  constructor(private readonly database: Database) {}

  ofSubjects(ctx: Context, subjectIds: readonly string[]): Promise<SubjectFindingEntity[]> {
    if (subjectIds.length === 0) return Promise.resolve([]);
    return this.database
      .manager(ctx)
      .find(SubjectFindingEntity, { where: { organizationId: ctx.organizationId, subjectId: In([...subjectIds]) } });
  }

  /** Replaces every stored finding of the given subjects. */
  async replace(ctx: Context, subjectIds: readonly string[], findings: readonly StoredFinding[]): Promise<void> {
    const manager = this.database.manager(ctx);
    await manager.delete(SubjectFindingEntity, { organizationId: ctx.organizationId, subjectId: In([...subjectIds]) });
    const rows = findings.map((finding) => ({ ...finding, organizationId: ctx.organizationId }));
    for (let start = 0; start < rows.length; start += INSERT_SLICE) {
      await manager.insert(SubjectFindingEntity, rows.slice(start, start + INSERT_SLICE));
    }
  }
}
