import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795633482192 implements MigrationInterface {
  name = 'Notifications1795633482192';

  // The inbox and the e-mail outbox. The job queue's tables are not here: pg-boss creates and migrates
  // its own schema (pgboss) when the app starts, and the drift check compares only our entities.
  // UQ_notifications_once is what makes every notice exactly-once (INSERT ... ON CONFLICT DO NOTHING).
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "recipient_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "message" character varying(2000) NOT NULL, "subject_id" uuid, "review_id" uuid, "evidence_version_id" uuid, "due_date" date, "dedupe_key" character varying(200) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dfa834838e9ed468a519fe096e" ON "notifications"  ("organization_id", "review_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_aaca07dabbcf1726485c56aafc" ON "notifications"  ("organization_id", "recipient_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notifications_once" ON "notifications"  ("organization_id", "recipient_id", "kind", "dedupe_key") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."email_status" AS ENUM('PENDING', 'SENT', 'FAILED')`);
    await queryRunner.query(
      `CREATE TABLE "email_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "notification_id" uuid NOT NULL, "to_address" character varying(254) NOT NULL, "subject" character varying(500) NOT NULL, "body" text NOT NULL, "status" "public"."email_status" NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(2000), "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_84a6c7b34bd1ceafc4c7820abb5" UNIQUE ("notification_id"), CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bc5f9ae82501a4b7d3b38d260b" ON "email_outbox"  ("organization_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_b58456957889bfd68480a6aa1b2" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_264fbdfc991d71f3ae598b76ed1" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "FK_a25abf8b635d5fc5afd1c236056" FOREIGN KEY ("evidence_version_id") REFERENCES "evidence_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_outbox" ADD CONSTRAINT "FK_84a6c7b34bd1ceafc4c7820abb5" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "FK_84a6c7b34bd1ceafc4c7820abb5"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_a25abf8b635d5fc5afd1c236056"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_264fbdfc991d71f3ae598b76ed1"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_b58456957889bfd68480a6aa1b2"`);
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bc5f9ae82501a4b7d3b38d260b"`);
    await queryRunner.query(`DROP TABLE "email_outbox"`);
    await queryRunner.query(`DROP TYPE "public"."email_status"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_notifications_once"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aaca07dabbcf1726485c56aafc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dfa834838e9ed468a519fe096e"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
