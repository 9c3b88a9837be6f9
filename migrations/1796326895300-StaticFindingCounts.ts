import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * subjects.static_finding_counts: the count of the subject's stored findings per code, so that
 * complianceSummary sums one array per active subject instead of counting every stored finding.
 * Filled here from the stored findings, in the order of STORED_FINDING_CODES as of this migration
 * (src/domain/compliance-sql.ts); from then on written with static_status by the compliance refresh.
 * Subjects without stored findings keep '{}', which the summary reads as zeros.
 */
const CODES = [
  'OWNER_MISSING',
  'REQUIREMENT_NOT_RECORDED',
  'REQUIREMENT_ABSENT',
  'REQUIREMENT_REJECTED',
  'REQUIREMENT_PENDING_REVIEW',
  'TOS_SERVICE_WITH_CONFIDENTIAL_DATA',
];

export class StaticFindingCounts1796326895300 implements MigrationInterface {
  name = 'StaticFindingCounts1796326895300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subjects" ADD "static_finding_counts" integer array NOT NULL DEFAULT '{}'`);
    const perCode = CODES.map((code) => `count(*) FILTER (WHERE code = '${code}')::int`).join(', ');
    await queryRunner.query(
      `UPDATE "subjects" s SET "static_finding_counts" = c.counts
         FROM (SELECT organization_id, subject_id, ARRAY[${perCode}] AS counts
                 FROM subject_findings GROUP BY organization_id, subject_id) c
        WHERE s.organization_id = c.organization_id AND s.id = c.subject_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "subjects" DROP COLUMN "static_finding_counts"`);
  }
}
