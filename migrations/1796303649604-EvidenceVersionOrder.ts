import { MigrationInterface, QueryRunner } from 'typeorm';

/** The longest evidence history of an organization in one index probe: the cost of `RequirementStatus.history` lists. */
export class EvidenceVersionOrder1796303649604 implements MigrationInterface {
  name = 'EvidenceVersionOrder1796303649604';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_b97744847fda063bab2066485a" ON "evidence_versions"  ("organization_id", "version") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_b97744847fda063bab2066485a"`);
  }
}
