import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { SubjectFindingEntity } from './subject-finding.entity';

export type StoredFinding = Pick<SubjectFindingEntity, 'subjectId' | 'code' | 'requirementCode' | 'message'>;

const INSERT_SLICE = 10_000;

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
    // Each column as one array: one statement per slice, far cheaper to build and to plan than a VALUES list.
    for (let start = 0; start < findings.length; start += INSERT_SLICE) {
      const slice = findings.slice(start, start + INSERT_SLICE);
      await manager.query(
        `INSERT INTO subject_findings (organization_id, subject_id, code, requirement_code, message)
         SELECT $1, u.subject_id, u.code, u.requirement_code, u.message FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[])
           AS u(subject_id, code, requirement_code, message)`,
        [
          ctx.organizationId,
          slice.map((f) => f.subjectId),
          slice.map((f) => f.code),
          slice.map((f) => f.requirementCode),
          slice.map((f) => f.message),
        ],
      );
    }
  }
}
