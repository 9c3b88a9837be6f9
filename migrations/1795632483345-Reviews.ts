import { MigrationInterface, QueryRunner } from 'typeorm';

export class Reviews1795632483345 implements MigrationInterface {
  name = 'Reviews1795632483345';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "review_policies" ("organization_id" uuid NOT NULL, "high_interval_months" smallint NOT NULL, "medium_interval_months" smallint NOT NULL, "low_interval_months" smallint NOT NULL, "initial_review_days" smallint NOT NULL, "renewal_lead_days" smallint NOT NULL, "reminder_days_before" smallint array NOT NULL, "escalate_after_days" smallint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c2f06d057a8633553a77890064b" PRIMARY KEY ("organization_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "review_campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "subject_kind" "public"."subject_kind", "due_date" date NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b75039239866e409fb19cb8b0f6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ea548b0affc83ffcdc78fac3f2" ON "review_campaigns"  ("organization_id", "created_at") `);
    await queryRunner.query(`CREATE TYPE "public"."review_kind" AS ENUM('INITIAL', 'PERIODIC', 'RENEWAL', 'CAMPAIGN', 'AD_HOC')`);
    await queryRunner.query(`CREATE TYPE "public"."review_status" AS ENUM('OPEN', 'COMPLETED', 'CANCELLED')`);
    await queryRunner.query(`CREATE TYPE "public"."review_outcome" AS ENUM('CONFIRMED', 'ISSUES_FOUND')`);
    await queryRunner.query(
      `CREATE TABLE "reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "kind" "public"."review_kind" NOT NULL, "due_date" date NOT NULL, "scheduled_from" date, "status" "public"."review_status" NOT NULL DEFAULT 'OPEN', "assignee_id" uuid, "completed_by_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "owner_confirmed" boolean, "outcome" "public"."review_outcome", "answers" jsonb NOT NULL DEFAULT '[]', "comment" text, "cancel_reason" character varying(1000), "campaign_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_231ae565c273ee700b283f15c1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6e57bd9ff1ecb1bb9e77d61594" ON "reviews"  ("organization_id", "campaign_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_89480fd238bcf06fa4d71852af" ON "reviews"  ("organization_id", "assignee_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_91a1ff6c8e1efb1b6ee1fbc4eb" ON "reviews"  ("organization_id", "subject_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_0d421e5f54d38cb3a5c6941d5c" ON "reviews"  ("organization_id", "status", "due_date", "id") `);
    await queryRunner.query(`ALTER TABLE "subjects" ADD "next_review_due" date`);
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "FK_7e768f7dc06203d0c73300a0b64" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "FK_4b22b80b0ea676fb0b6581d20ee" FOREIGN KEY ("campaign_id") REFERENCES "review_campaigns"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Written by hand: one OPEN scheduled review per subject, one RENEWAL per contract end date.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reviews_one_open_scheduled" ON "reviews" ("organization_id", "subject_id") WHERE status = 'OPEN' AND kind IN ('INITIAL', 'PERIODIC')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_reviews_one_renewal_per_end_date" ON "reviews" ("organization_id", "subject_id", "due_date") WHERE kind = 'RENEWAL'`,
    );
    // Subjects registered before reviews existed get their scheduled review now (default policy):
    // PERIODIC from lastReviewedOn when known, else INITIAL 30 days after registration.
    await queryRunner.query(`INSERT INTO "reviews" ("organization_id", "subject_id", "kind", "due_date", "scheduled_from", "status", "assignee_id")
      SELECT s.organization_id, s.id,
             CASE WHEN s.last_reviewed_on IS NULL THEN 'INITIAL' ELSE 'PERIODIC' END::review_kind,
             CASE WHEN s.last_reviewed_on IS NULL THEN (s.created_at AT TIME ZONE o.time_zone)::date + 30
                  ELSE (s.last_reviewed_on + make_interval(months => CASE s.risk_tier WHEN 'HIGH' THEN 6 WHEN 'MEDIUM' THEN 12 ELSE 24 END))::date END,
             COALESCE(s.last_reviewed_on, (s.created_at AT TIME ZONE o.time_zone)::date),
             'OPEN',
             CASE WHEN u.active THEN s.owner_id END
        FROM "subjects" s JOIN "organizations" o ON o.id = s.organization_id LEFT JOIN "users" u ON u.id = s.owner_id
       WHERE s.status = 'ACTIVE'`);
    await queryRunner.query(`UPDATE "subjects" s SET "next_review_due" = r.due FROM
      (SELECT subject_id, MIN(due_date) AS due FROM "reviews" WHERE status = 'OPEN' GROUP BY subject_id) r WHERE r.subject_id = s.id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_reviews_one_renewal_per_end_date"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_reviews_one_open_scheduled"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_4b22b80b0ea676fb0b6581d20ee"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "FK_7e768f7dc06203d0c73300a0b64"`);
    await queryRunner.query(`ALTER TABLE "subjects" DROP COLUMN "next_review_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0d421e5f54d38cb3a5c6941d5c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_91a1ff6c8e1efb1b6ee1fbc4eb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_89480fd238bcf06fa4d71852af"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6e57bd9ff1ecb1bb9e77d61594"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP TYPE "public"."review_outcome"`);
    await queryRunner.query(`DROP TYPE "public"."review_status"`);
    await queryRunner.query(`DROP TYPE "public"."review_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ea548b0affc83ffcdc78fac3f2"`);
    await queryRunner.query(`DROP TABLE "review_campaigns"`);
    await queryRunner.query(`DROP TABLE "review_policies"`);
  }
}
