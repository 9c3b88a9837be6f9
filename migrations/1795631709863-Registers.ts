import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registers1795631709863 implements MigrationInterface {
  name = 'Registers1795631709863';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."subject_kind" AS ENUM('OUTSOURCING_CONTRACT', 'CLOUD_SERVICE', 'SOCIAL_MEDIA_ACCOUNT')`);
    await queryRunner.query(`CREATE TYPE "public"."risk_tier" AS ENUM('HIGH', 'MEDIUM', 'LOW')`);
    await queryRunner.query(`CREATE TYPE "public"."subject_status" AS ENUM('ACTIVE', 'ARCHIVED')`);
    await queryRunner.query(`CREATE TYPE "public"."compliance_status" AS ENUM('COMPLIANT', 'PENDING_REVIEW', 'NON_COMPLIANT')`);
    await queryRunner.query(
      `CREATE TABLE "subjects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "kind" "public"."subject_kind" NOT NULL, "name" character varying(200) NOT NULL, "search_key" text NOT NULL, "owner_id" uuid, "department_id" uuid, "vendor_id" uuid, "confidentiality" smallint NOT NULL, "integrity" smallint NOT NULL, "availability" smallint NOT NULL, "risk_tier" "public"."risk_tier" NOT NULL, "status" "public"."subject_status" NOT NULL DEFAULT 'ACTIVE', "archive_reason" character varying(1000), "static_status" "public"."compliance_status" NOT NULL, "ends_on" date, "last_reviewed_on" date, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_subjects_availability" CHECK ("availability" BETWEEN 1 AND 2), CONSTRAINT "CHK_subjects_integrity" CHECK ("integrity" BETWEEN 1 AND 2), CONSTRAINT "CHK_subjects_confidentiality" CHECK ("confidentiality" BETWEEN 1 AND 3), CONSTRAINT "PK_1a023685ac2b051b4e557b0b280" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_98699046299a7edeab65a3e9cf" ON "subjects"  ("organization_id", "vendor_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_51d364cd03679a9955199d7a56" ON "subjects"  ("organization_id", "department_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a4a7fbe993c5bc3860b703cd64" ON "subjects"  ("organization_id", "owner_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_6b5e3c41d1b6f82e55c0d6ffa1" ON "subjects"  ("organization_id", "kind", "status", "static_status") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_57dcf637785ff6c425adc61e40" ON "subjects"  ("organization_id", "status", "name", "id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."evidence_state" AS ENUM('NOT_RECORDED', 'ABSENT', 'RECORDED', 'ACCEPTED', 'REJECTED', 'WAIVER_REQUESTED', 'WAIVED')`,
    );
    await queryRunner.query(
      `CREATE TABLE "evidence_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "requirement_code" character varying(64) NOT NULL, "version" integer NOT NULL, "state" "public"."evidence_state" NOT NULL, "reference" character varying(500), "document_url" character varying(2000), "note" text, "justification" text, "recorded_by_id" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE, "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_comment" text, CONSTRAINT "PK_f7f43fd9063ea61900e7448dd08" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_ac9ddf13255f23b49bd9e04173" ON "evidence_versions"  ("organization_id", "subject_id", "requirement_code", "version") `,
    );
    await queryRunner.query(
      `CREATE TABLE "subject_findings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "code" character varying(64) NOT NULL, "requirement_code" character varying(64), "message" character varying(1000) NOT NULL, CONSTRAINT "PK_f0c724b26d67ce6226180590499" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e62265986da3f17fd250d519d3" ON "subject_findings"  ("organization_id", "subject_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_d3ba15b200e5d2b1920b99ef9e" ON "subject_findings"  ("organization_id", "code", "subject_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "requirements" ("code" character varying(64) NOT NULL, "organization_id" uuid, "subject_kind" "public"."subject_kind" NOT NULL, "title_ja" character varying(500) NOT NULL, "title_en" character varying(500) NOT NULL, "applies_when" jsonb NOT NULL, "source" character varying(1000), "built_in" boolean NOT NULL, "position" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aeb26666c92662f1f1c3ecbb93f" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cdfad4e75cd4f9dec9290aca96" ON "requirements"  ("organization_id", "subject_kind") `);
    await queryRunner.query(
      `CREATE TABLE "requirement_settings" ("organization_id" uuid NOT NULL, "requirement_code" character varying(64) NOT NULL, "active" boolean NOT NULL, "reason" character varying(1000) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f9c6491c55e784b3f652f7dc226" PRIMARY KEY ("organization_id", "requirement_code"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."network_segment" AS ENUM('MY_NUMBER', 'LGWAN', 'INTERNET', 'NONE')`);
    await queryRunner.query(
      `CREATE TABLE "outsourcing_contracts" ("subject_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "contract_number" character varying(100), "start_date" date NOT NULL, "end_date" date, "network_segment" "public"."network_segment" NOT NULL, "handles_personal_information" boolean NOT NULL, "handles_my_number" boolean NOT NULL, "subcontracting_allowed" boolean NOT NULL, "work_location" character varying(500), CONSTRAINT "PK_cb5ca1722f17a60ac80df1c692c" PRIMARY KEY ("subject_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_ed897ffe32976e39330cccf06a" ON "outsourcing_contracts"  ("organization_id", "contract_number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contract_subcontractors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "subject_id" uuid NOT NULL, "vendor_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_113816d0ff92024a632e05a7ce9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_1eac5372253491693ac9417161" ON "contract_subcontractors"  ("organization_id", "vendor_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_40042069d9e851cd72ddf497b3" ON "contract_subcontractors"  ("organization_id", "subject_id", "vendor_id") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."cloud_usage_type" AS ENUM('TERMS_OF_SERVICE', 'CONTRACT')`);
    await queryRunner.query(
      `CREATE TABLE "cloud_services" ("subject_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "usage_type" "public"."cloud_usage_type" NOT NULL, "purpose" character varying(2000) NOT NULL, "service_url" character varying(2000), "data_locations" character varying(2) array NOT NULL DEFAULT '{}', "network_segment" "public"."network_segment" NOT NULL, "handles_personal_information" boolean NOT NULL, "handles_my_number" boolean NOT NULL, CONSTRAINT "PK_ac55196aee346547ff23d828baf" PRIMARY KEY ("subject_id"))`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."social_media_platform" AS ENUM('X', 'FACEBOOK', 'INSTAGRAM', 'LINE', 'YOUTUBE', 'TIKTOK', 'NOTE', 'OTHER')`,
    );
    await queryRunner.query(
      `CREATE TABLE "social_media_accounts" ("subject_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "platform" "public"."social_media_platform" NOT NULL, "account_name" character varying(200) NOT NULL, "url" character varying(2000) NOT NULL, "purpose" character varying(2000) NOT NULL, "posting_policy" text, "operating_procedure_url" character varying(2000), CONSTRAINT "PK_126243c5364995f9c20f5b6643c" PRIMARY KEY ("subject_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_2a91e36a58ba5dfceeba02b1f0" ON "social_media_accounts"  ("organization_id", "platform", "account_name") `,
    );
    await queryRunner.query(`ALTER TABLE "vendors" ADD "certifications_valid_through" date`);
    await queryRunner.query(
      `ALTER TABLE "subjects" ADD CONSTRAINT "FK_a3f17cf8a73d393b22a93439edd" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subjects" ADD CONSTRAINT "FK_58e6bce07e8b527506ccac83d65" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subjects" ADD CONSTRAINT "FK_fc45ec76f802334e038964367b5" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subjects" ADD CONSTRAINT "FK_e2a183af168bd2aefe6fe0e5005" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "evidence_versions" ADD CONSTRAINT "FK_464ca706e681c5ea59d3ad59391" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "subject_findings" ADD CONSTRAINT "FK_223a6361b4ae8af257a485a6882" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outsourcing_contracts" ADD CONSTRAINT "FK_cb5ca1722f17a60ac80df1c692c" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contract_subcontractors" ADD CONSTRAINT "FK_801a2f339ef57784f4cec64a189" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contract_subcontractors" ADD CONSTRAINT "FK_0cbb34823520fbffb10a7f4fd19" FOREIGN KEY ("vendor_id") REFERENCES "vendors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cloud_services" ADD CONSTRAINT "FK_ac55196aee346547ff23d828baf" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "social_media_accounts" ADD CONSTRAINT "FK_126243c5364995f9c20f5b6643c" FOREIGN KEY ("subject_id") REFERENCES "subjects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Vendors registered before this migration: the last day every certification type is still valid.
    await queryRunner.query(`UPDATE "vendors" v SET "certifications_valid_through" = t.through
      FROM (SELECT vendor_id, MIN(latest) AS through
              FROM (SELECT vendor_id, type, CASE WHEN bool_or(valid_until IS NULL) THEN NULL ELSE MAX(valid_until) END AS latest
                      FROM "vendor_certifications" GROUP BY vendor_id, type) per_type
             GROUP BY vendor_id) t
     WHERE t.vendor_id = v.id`);
    // The built-in catalog (../shared/reference/requirement-catalog.json as of this migration). Codes never change;
    // a later change of wording is a new migration.
    await queryRunner.query(`INSERT INTO "requirements" ("code", "organization_id", "subject_kind", "title_ja", "title_en", "applies_when", "source", "built_in", "position") VALUES
      ('OC-01', NULL, 'OUTSOURCING_CONTRACT', '情報セキュリティポリシー及び情報セキュリティ実施手順の遵守', 'Contractor complies with the security policy and implementation procedures', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 1),
      ('OC-02', NULL, 'OUTSOURCING_CONTRACT', '委託事業者の責任者、委託内容、作業者の所属及び作業場所の特定', 'Contractor''s responsible person, scope of work, workers'' affiliation and work location are identified', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items; practice: roster of responsible person, supervisors and workers', true, 2),
      ('OC-03', NULL, 'OUTSOURCING_CONTRACT', '提供されるサービスレベルの保証', 'Service level of the delivered service is guaranteed', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 3),
      ('OC-04', NULL, 'OUTSOURCING_CONTRACT', '委託事業者にアクセスを許可する情報の種類と範囲、アクセス方法', 'Kinds and range of information the contractor may access, and how', '{"confidentialityAtLeast": 2}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 4),
      ('OC-05', NULL, 'OUTSOURCING_CONTRACT', '従業員に対する教育の実施', 'Contractor trains its staff in information security', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items; practice: training curriculum and records submitted', true, 5),
      ('OC-06', NULL, 'OUTSOURCING_CONTRACT', '提供された情報の目的外利用及び受託者以外の者への提供の禁止', 'Use for other purposes and disclosure to anyone but the contractor are prohibited', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 6),
      ('OC-07', NULL, 'OUTSOURCING_CONTRACT', '業務上知り得た情報の守秘義務', 'Confidentiality of information learned in the work', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 7),
      ('OC-08', NULL, 'OUTSOURCING_CONTRACT', '再委託に関する制限事項の遵守', 'Restrictions on subcontracting are observed', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 8),
      ('OC-09', NULL, 'OUTSOURCING_CONTRACT', '委託業務終了時の情報資産の返還、廃棄等', 'Information assets are returned or disposed of when the work ends', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items; practice: return immediately after completion', true, 9),
      ('OC-10', NULL, 'OUTSOURCING_CONTRACT', '委託業務の定期報告及び緊急時報告義務', 'Periodic reporting and emergency reporting duty', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 10),
      ('OC-11', NULL, 'OUTSOURCING_CONTRACT', '監査・検査の実施', 'The body may audit and inspect the contractor', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items; practice: on-site inspection', true, 11),
      ('OC-12', NULL, 'OUTSOURCING_CONTRACT', '情報セキュリティインシデント発生時の公表', 'The body may publish security incidents', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 12),
      ('OC-13', NULL, 'OUTSOURCING_CONTRACT', '情報セキュリティポリシーが遵守されなかった場合の規定（損害賠償等）', 'Remedies when the policy is not observed (damages etc.)', '{"always": true}'::jsonb, 'MIC guideline, outsourcing: contract items', true, 13),
      ('OC-14', NULL, 'OUTSOURCING_CONTRACT', '再委託先への同等の義務付け（再委託は承認制）', 'Subcontracting only with approval, binding the subcontractor to the same terms', '{"subcontractingAllowed": true}'::jsonb, 'practice: special security terms in municipal contracts; MIC guideline R6.10 outsourcing-management strengthening', true, 14),
      ('OC-15', NULL, 'OUTSOURCING_CONTRACT', '特定個人情報の適切な安全管理措置と委託先の監督', 'Safe-management measures for individual-number (My Number) data and supervision of the contractor', '{"handlesMyNumber": true}'::jsonb, 'Act on the Use of Numbers to Identify a Specific Individual, article 11 (supervision of contractors)', true, 15),
      ('OC-16', NULL, 'OUTSOURCING_CONTRACT', '委託事業者の選定時における情報セキュリティ対策の確認（ISMS・プライバシーマーク等の認証取得状況を含む）', 'At selection, the contractor''s security measures were confirmed, including certifications such as ISMS or Privacy Mark', '{"confidentialityAtLeast": 2}'::jsonb, 'security basic policy 6(8): select the contractor; MIC guideline, outsourcing: selection criteria', true, 16),
      ('CS-01', NULL, 'CLOUD_SERVICE', '利用判断基準への適合（利用する業務・情報の範囲の明確化）', 'Use meets the usage criteria: the work and information it may handle are defined', '{"always": true}'::jsonb, 'MIC guideline, external services: usage criteria', true, 17),
      ('CS-02', NULL, 'CLOUD_SERVICE', '許可権限者による利用承認', 'Use approved by the authorised approver', '{"always": true}'::jsonb, 'MIC guideline, external services: approval authority and procedure', true, 18),
      ('CS-03', NULL, 'CLOUD_SERVICE', '約款・利用規約の確認とリスクの受容判断', 'Terms of service reviewed and the remaining risk accepted', '{"usageType": "TERMS_OF_SERVICE"}'::jsonb, 'MIC guideline, external services not handling confidentiality-2 information (terms-of-service services)', true, 19),
      ('CS-04', NULL, 'CLOUD_SERVICE', '外部サービス提供者の選定基準への適合', 'Provider meets the provider selection criteria', '{"confidentialityAtLeast": 2}'::jsonb, 'MIC guideline, external services handling confidentiality-2+ information: selection criteria', true, 20),
      ('CS-05', NULL, 'CLOUD_SERVICE', '情報の取扱いを許可する場所（データ保存場所）の確認', 'Locations where the data may be stored and processed are confirmed', '{"confidentialityAtLeast": 2}'::jsonb, 'MIC guideline, external services: permitted data locations', true, 21),
      ('CS-06', NULL, 'CLOUD_SERVICE', 'ISMAP（又はISMAP-LIU）登録の確認', 'ISMAP (or ISMAP-LIU) registration confirmed', '{"confidentialityAtLeast": 2}'::jsonb, 'ISMAP covers services handling confidentiality-2 information; recommended by the MIC guideline', true, 22),
      ('CS-07', NULL, 'CLOUD_SERVICE', '準拠法・裁判管轄の確認', 'Governing law and jurisdiction confirmed', '{"confidentialityAtLeast": 2}'::jsonb, 'ISMAP disclosure items: governing law and jurisdiction', true, 23),
      ('CS-08', NULL, 'CLOUD_SERVICE', 'サービスレベル（稼働率・目標復旧時間・バックアップ）の確認', 'Service level confirmed: uptime, recovery time objective, backups', '{"availabilityAtLeast": 2}'::jsonb, 'MIC request to cloud providers on service-level disclosure (2020)', true, 24),
      ('CS-09', NULL, 'CLOUD_SERVICE', '利用終了時のデータ消去・移行', 'Data deletion and migration at the end of use', '{"confidentialityAtLeast": 2}'::jsonb, 'MIC guideline, external services: replacement and decommissioning', true, 25),
      ('CS-10', NULL, 'CLOUD_SERVICE', '管理者アカウントの多要素認証とアクセス管理', 'Administrator accounts use multi-factor authentication; access is managed', '{"confidentialityAtLeast": 2}'::jsonb, 'security basic policy 6(6) technical security: access control', true, 26),
      ('SM-01', NULL, 'SOCIAL_MEDIA_ACCOUNT', 'ソーシャルメディアサービス運用手順の策定', 'An operating procedure exists for the account', '{"always": true}'::jsonb, 'security basic policy 6(8); MIC guideline, social media', true, 27),
      ('SM-02', NULL, 'SOCIAL_MEDIA_ACCOUNT', '発信できる情報の規定（機密性2以上の情報は発信しない）', 'What may be posted is defined; no confidentiality-2+ information is posted', '{"always": true}'::jsonb, 'security basic policy 6(8); MIC guideline, social media', true, 28),
      ('SM-03', NULL, 'SOCIAL_MEDIA_ACCOUNT', 'なりすまし対策：自団体のウェブサイトへのアカウント掲載', 'Anti-impersonation: the account is listed on the body''s own website', '{"always": true}'::jsonb, 'MIC guideline, social media: impersonation measures', true, 29),
      ('SM-04', NULL, 'SOCIAL_MEDIA_ACCOUNT', 'なりすまし対策：プロフィール欄への運用組織の明示', 'Anti-impersonation: the profile states the operating organisation', '{"always": true}'::jsonb, 'MIC guideline, social media; municipal practice: profile states it is official and links the website', true, 30),
      ('SM-05', NULL, 'SOCIAL_MEDIA_ACCOUNT', '不正アクセス対策：パスワード・認証コード及びその記録媒体の管理', 'Anti-takeover: passwords, authentication codes and the media holding them are managed', '{"always": true}'::jsonb, 'MIC guideline, social media: unauthorised-access measures', true, 31),
      ('SM-06', NULL, 'SOCIAL_MEDIA_ACCOUNT', '多要素認証の設定', 'Multi-factor authentication is enabled', '{"always": true}'::jsonb, 'MIC guideline commentary, social media', true, 32),
      ('SM-07', NULL, 'SOCIAL_MEDIA_ACCOUNT', '乗っ取り確認時の被害最小化手順', 'A procedure exists to limit damage when a takeover is found', '{"always": true}'::jsonb, 'MIC guideline, social media', true, 33),
      ('SM-08', NULL, 'SOCIAL_MEDIA_ACCOUNT', '可用性2の情報は自団体ウェブサイトでも公開', 'Availability-2 information is also published on the body''s own website', '{"availabilityAtLeast": 2}'::jsonb, 'MIC guideline, social media', true, 34)`);
    await queryRunner.query(`CREATE INDEX "IDX_subjects_search" ON "subjects" USING gin ("organization_id", "search_key" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_subjects_search"`);
    await queryRunner.query(`ALTER TABLE "social_media_accounts" DROP CONSTRAINT "FK_126243c5364995f9c20f5b6643c"`);
    await queryRunner.query(`ALTER TABLE "cloud_services" DROP CONSTRAINT "FK_ac55196aee346547ff23d828baf"`);
    await queryRunner.query(`ALTER TABLE "contract_subcontractors" DROP CONSTRAINT "FK_0cbb34823520fbffb10a7f4fd19"`);
    await queryRunner.query(`ALTER TABLE "contract_subcontractors" DROP CONSTRAINT "FK_801a2f339ef57784f4cec64a189"`);
    await queryRunner.query(`ALTER TABLE "outsourcing_contracts" DROP CONSTRAINT "FK_cb5ca1722f17a60ac80df1c692c"`);
    await queryRunner.query(`ALTER TABLE "subject_findings" DROP CONSTRAINT "FK_223a6361b4ae8af257a485a6882"`);
    await queryRunner.query(`ALTER TABLE "evidence_versions" DROP CONSTRAINT "FK_464ca706e681c5ea59d3ad59391"`);
    await queryRunner.query(`ALTER TABLE "subjects" DROP CONSTRAINT "FK_e2a183af168bd2aefe6fe0e5005"`);
    await queryRunner.query(`ALTER TABLE "subjects" DROP CONSTRAINT "FK_fc45ec76f802334e038964367b5"`);
    await queryRunner.query(`ALTER TABLE "subjects" DROP CONSTRAINT "FK_58e6bce07e8b527506ccac83d65"`);
    await queryRunner.query(`ALTER TABLE "subjects" DROP CONSTRAINT "FK_a3f17cf8a73d393b22a93439edd"`);
    await queryRunner.query(`ALTER TABLE "vendors" DROP COLUMN "certifications_valid_through"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a91e36a58ba5dfceeba02b1f0"`);
    await queryRunner.query(`DROP TABLE "social_media_accounts"`);
    await queryRunner.query(`DROP TABLE "cloud_services"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_40042069d9e851cd72ddf497b3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1eac5372253491693ac9417161"`);
    await queryRunner.query(`DROP TABLE "contract_subcontractors"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ed897ffe32976e39330cccf06a"`);
    await queryRunner.query(`DROP TABLE "outsourcing_contracts"`);
    await queryRunner.query(`DROP TABLE "requirement_settings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cdfad4e75cd4f9dec9290aca96"`);
    await queryRunner.query(`DROP TABLE "requirements"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d3ba15b200e5d2b1920b99ef9e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e62265986da3f17fd250d519d3"`);
    await queryRunner.query(`DROP TABLE "subject_findings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ac9ddf13255f23b49bd9e04173"`);
    await queryRunner.query(`DROP TABLE "evidence_versions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_57dcf637785ff6c425adc61e40"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6b5e3c41d1b6f82e55c0d6ffa1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a4a7fbe993c5bc3860b703cd64"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_51d364cd03679a9955199d7a56"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_98699046299a7edeab65a3e9cf"`);
    await queryRunner.query(`DROP TABLE "subjects"`);
    await queryRunner.query(`DROP TYPE "public"."social_media_platform"`);
    await queryRunner.query(`DROP TYPE "public"."network_segment"`);
    await queryRunner.query(`DROP TYPE "public"."cloud_usage_type"`);
    await queryRunner.query(`DROP TYPE "public"."subject_kind"`);
    await queryRunner.query(`DROP TYPE "public"."evidence_state"`);
    await queryRunner.query(`DROP TYPE "public"."compliance_status"`);
    await queryRunner.query(`DROP TYPE "public"."subject_status"`);
    await queryRunner.query(`DROP TYPE "public"."risk_tier"`);
  }
}
