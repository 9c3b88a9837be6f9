import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795631332759 implements MigrationInterface {
  name = 'Initial1795631332759';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_id" uuid, "action" character varying(64) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(200), "changes" jsonb, "request_id" character varying(100), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e8e3adab87af9add919174e1bd" ON "audit_events"  ("organization_id", "entity_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_4153fd8d3a470436a6541b492b" ON "audit_events"  ("organization_id", "at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "time_zone" character varying(64) NOT NULL DEFAULT 'Asia/Tokyo', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7e27c3b62c681fbe3e2322535f2" UNIQUE ("code"), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_839517a681a86bb84cbcc6a1e9d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c04c38501341872c9bbbe91ba9" ON "departments"  ("organization_id", "name") `);
    await queryRunner.query(`CREATE TYPE "public"."role" AS ENUM('ADMIN', 'SECURITY_OFFICER', 'PROCUREMENT_OFFICER', 'STAFF', 'AUDITOR')`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(200) NOT NULL, "roles" "public"."role" array NOT NULL, "department_id" uuid, "active" boolean NOT NULL DEFAULT true, "must_change_password" boolean NOT NULL DEFAULT false, "recent_failed_logins" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}', "locked_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b8bdf7783f34ea170075bdf555" ON "users"  ("organization_id", "department_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_04402eb4cf7be16f6cc5e5f078" ON "users"  ("organization_id", "email") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_abaa9e068cdd390bc5210f7988" ON "sessions"  ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_1b02b63bbd0d19746b63c1f66c" ON "sessions"  ("organization_id", "user_id") `);
    await queryRunner.query(
      `CREATE TABLE "vendors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "search_key" text NOT NULL, "corporate_number" character(13), "address" character varying(500), "website_url" character varying(2000), "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9c956c9797edfae5c6ddacc4e6e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a769ca975f981224b1395bb5b6" ON "vendors"  ("organization_id", "name", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a4fd699e47f9c9607b87b20a8a" ON "vendors"  ("organization_id", "corporate_number") `);
    await queryRunner.query(
      `CREATE TYPE "public"."certification_type" AS ENUM('ISMS', 'ISO27017', 'PRIVACY_MARK', 'ISMAP', 'ISMAP_LIU', 'SOC2', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "vendor_certifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "type" "public"."certification_type" NOT NULL, "identifier" character varying(200), "valid_until" date, "position" integer NOT NULL, CONSTRAINT "PK_517f67b9b3863c220c42bdefa29" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_77b58021ea9d9e8d730f025ec3" ON "vendor_certifications"  ("organization_id", "vendor_id", "type") `,
    );
    await queryRunner.query(
      `ALTER TABLE "departments" ADD CONSTRAINT "FK_71070628c130f2c9cd3cd5f082f" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_0921d1972cf861d568f5271cd85" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_a9e3486bb3e8509466d4c9d6c93" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vendors" ADD CONSTRAINT "FK_1b4dfadb7efb4fc3b5838de9b1f" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vendor_certifications" ADD CONSTRAINT "FK_ce77a90335826cc0ee779739c39" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vendor_certifications" ADD CONSTRAINT "FK_c0355cab97cba855d92b24090e8" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // Written by hand: what entities cannot express.
    // Substring search on NFKC-normalised names, led by the tenant (btree_gin lets a uuid lead a GIN index).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`CREATE INDEX "IDX_vendors_search" ON "vendors" USING gin ("organization_id", "search_key" gin_trgm_ops)`);
    // The audit trail is append-only: the database itself refuses to change or remove an event.
    await queryRunner.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_no_truncate ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER audit_events_no_update_delete ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_vendors_search"`);
    await queryRunner.query(`ALTER TABLE "vendor_certifications" DROP CONSTRAINT "FK_c0355cab97cba855d92b24090e8"`);
    await queryRunner.query(`ALTER TABLE "vendor_certifications" DROP CONSTRAINT "FK_ce77a90335826cc0ee779739c39"`);
    await queryRunner.query(`ALTER TABLE "vendors" DROP CONSTRAINT "FK_1b4dfadb7efb4fc3b5838de9b1f"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_a9e3486bb3e8509466d4c9d6c93"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_0921d1972cf861d568f5271cd85"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"`);
    await queryRunner.query(`ALTER TABLE "departments" DROP CONSTRAINT "FK_71070628c130f2c9cd3cd5f082f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_77b58021ea9d9e8d730f025ec3"`);
    await queryRunner.query(`DROP TABLE "vendor_certifications"`);
    await queryRunner.query(`DROP TYPE "public"."certification_type"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a4fd699e47f9c9607b87b20a8a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a769ca975f981224b1395bb5b6"`);
    await queryRunner.query(`DROP TABLE "vendors"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1b02b63bbd0d19746b63c1f66c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_abaa9e068cdd390bc5210f7988"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_04402eb4cf7be16f6cc5e5f078"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b8bdf7783f34ea170075bdf555"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."role"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c04c38501341872c9bbbe91ba9"`);
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4153fd8d3a470436a6541b492b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e8e3adab87af9add919174e1bd"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
