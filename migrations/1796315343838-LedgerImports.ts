import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ledger imports run as jobs (src/ledgers/ledger-import-job.entity.ts): the file, the progress and the answer. */

export class LedgerImports1796315343838 implements MigrationInterface {
  name = 'LedgerImports1796315343838';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ledger_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "requested_by_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "dry_run" boolean NOT NULL, "file_name" character varying(255), "file" bytea, "phase" character varying(16) NOT NULL, "rows_done" integer NOT NULL DEFAULT '0', "rows_total" integer NOT NULL, "result" jsonb, "failure" character varying(2000), "attempts" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "started_at" TIMESTAMP(3) WITH TIME ZONE, "finished_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "PK_f848db3cc9e1555f434117c7a65" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_75f9dbbd6e8639e538738c5536" ON "ledger_imports"  ("finished_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_1a5ce68b3a1c28b350104543f3" ON "ledger_imports"  ("organization_id", "created_at") `);
    await queryRunner.query(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "FK_15056a5ba5dfc2dc84937298ed4" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ledger_imports" ADD CONSTRAINT "FK_b4db72318d981c66dc4c4cbb2cd" FOREIGN KEY ("requested_by_id", "organization_id") REFERENCES "users"("id","organization_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ledger_imports" DROP CONSTRAINT "FK_b4db72318d981c66dc4c4cbb2cd"`);
    await queryRunner.query(`ALTER TABLE "ledger_imports" DROP CONSTRAINT "FK_15056a5ba5dfc2dc84937298ed4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1a5ce68b3a1c28b350104543f3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_75f9dbbd6e8639e538738c5536"`);
    await queryRunner.query(`DROP TABLE "ledger_imports"`);
  }
}
