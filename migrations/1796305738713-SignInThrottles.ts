import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in limits kept in PostgreSQL (src/auth/sign-in-limits.ts) instead of a lockout on the user; server secrets. */

export class SignInThrottles1796305738713 implements MigrationInterface {
  name = 'SignInThrottles1796305738713';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_throttles" ("key" character varying(100) NOT NULL, "scope" character varying(20) NOT NULL, "organization_id" uuid, "user_id" uuid, "address" character varying(64), "email_mask" character varying(254), "email_hash" character varying(64), "window_start" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "count" integer NOT NULL, "blocked_until" TIMESTAMP(3) WITH TIME ZONE, "last_success_at" TIMESTAMP(3) WITH TIME ZONE, "audit_minute" TIMESTAMP WITH TIME ZONE, "audit_count" integer NOT NULL DEFAULT '0', "audit_action" character varying(64), "audit_reason" character varying(64), "organization_code" character varying(100), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f01bfc0e243b5d41e587ffff6dd" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4d6cb2365cdbc5aa374f630a60" ON "sign_in_throttles"  ("updated_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_05d40692bdcdee494ad4977d23" ON "sign_in_throttles"  ("organization_id", "blocked_until") `);
    await queryRunner.query(
      `CREATE TABLE "server_secrets" ("name" character varying(64) NOT NULL, "value" character varying(200) NOT NULL, CONSTRAINT "PK_776280895f188bb4dd7028779cd" PRIMARY KEY ("name"))`,
    );
    // The key of the audit's e-mail HMAC (an unknown e-mail is kept only as its keyed hash): made here,
    // once, from the server's strong random source (gen_random_uuid, 122 random bits each), the same for every instance.
    await queryRunner.query(
      `INSERT INTO "server_secrets" ("name", "value") VALUES ('audit-email-hmac', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))`,
    );
    // Sign-in failures are counted in sign_in_throttles, per address: the account-wide lockout goes.
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "recent_failed_logins"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "locked_until"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "users" ADD "recent_failed_logins" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`DROP TABLE "server_secrets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_05d40692bdcdee494ad4977d23"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4d6cb2365cdbc5aa374f630a60"`);
    await queryRunner.query(`DROP TABLE "sign_in_throttles"`);
  }
}
