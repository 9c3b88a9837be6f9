import { MigrationInterface, QueryRunner } from 'typeorm';

/** One reference between tenant tables, as it was (`old`) and as it becomes (`name`, composite). */
interface Reference {
  table: string;
  column: string;
  target: string;
  onDelete: 'CASCADE' | 'RESTRICT';
  old: string;
  name: string;
}

/** Each table that a reference points at gets the key `(organization_id, id)` to point at. */
const TARGETS = ['departments', 'users', 'vendors', 'subjects', 'evidence_versions', 'review_campaigns', 'reviews', 'notifications'];

const REFERENCES: Reference[] = [
  {
    table: 'users',
    column: 'department_id',
    target: 'departments',
    onDelete: 'RESTRICT',
    old: 'FK_0921d1972cf861d568f5271cd85',
    name: 'FK_b8bdf7783f34ea170075bdf555f',
  },
  {
    table: 'sessions',
    column: 'user_id',
    target: 'users',
    onDelete: 'CASCADE',
    old: 'FK_085d540d9f418cfbdc7bd55bb19',
    name: 'FK_1b02b63bbd0d19746b63c1f66cc',
  },
  {
    table: 'vendor_certifications',
    column: 'vendor_id',
    target: 'vendors',
    onDelete: 'CASCADE',
    old: 'FK_c0355cab97cba855d92b24090e8',
    name: 'FK_72e3e2c56dd21b23474e548c6d4',
  },
  {
    table: 'subjects',
    column: 'owner_id',
    target: 'users',
    onDelete: 'RESTRICT',
    old: 'FK_58e6bce07e8b527506ccac83d65',
    name: 'FK_a4a7fbe993c5bc3860b703cd646',
  },
  {
    table: 'subjects',
    column: 'department_id',
    target: 'departments',
    onDelete: 'RESTRICT',
    old: 'FK_fc45ec76f802334e038964367b5',
    name: 'FK_51d364cd03679a9955199d7a56f',
  },
  {
    table: 'subjects',
    column: 'vendor_id',
    target: 'vendors',
    onDelete: 'RESTRICT',
    old: 'FK_e2a183af168bd2aefe6fe0e5005',
    name: 'FK_98699046299a7edeab65a3e9cfb',
  },
  {
    table: 'evidence_versions',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_464ca706e681c5ea59d3ad59391',
    name: 'FK_7e6abc1fcd907dc8a2934cb85f1',
  },
  {
    table: 'subject_findings',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_223a6361b4ae8af257a485a6882',
    name: 'FK_e62265986da3f17fd250d519d31',
  },
  {
    table: 'outsourcing_contracts',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_cb5ca1722f17a60ac80df1c692c',
    name: 'FK_56ba6c6aaf6b4f70afeef57b7bc',
  },
  {
    table: 'contract_subcontractors',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_801a2f339ef57784f4cec64a189',
    name: 'FK_9dab12143228f8b18e73e24dace',
  },
  {
    table: 'contract_subcontractors',
    column: 'vendor_id',
    target: 'vendors',
    onDelete: 'RESTRICT',
    old: 'FK_0cbb34823520fbffb10a7f4fd19',
    name: 'FK_1eac5372253491693ac94171618',
  },
  {
    table: 'cloud_services',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_ac55196aee346547ff23d828baf',
    name: 'FK_d9108cb7cd8dadbd1214af34f3b',
  },
  {
    table: 'social_media_accounts',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_126243c5364995f9c20f5b6643c',
    name: 'FK_b75999f90f6c3765c33112d7429',
  },
  {
    table: 'reviews',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_7e768f7dc06203d0c73300a0b64',
    name: 'FK_392999e3d3e77d65d4ea5c841dd',
  },
  {
    table: 'reviews',
    column: 'campaign_id',
    target: 'review_campaigns',
    onDelete: 'RESTRICT',
    old: 'FK_4b22b80b0ea676fb0b6581d20ee',
    name: 'FK_6e57bd9ff1ecb1bb9e77d615949',
  },
  {
    table: 'notifications',
    column: 'recipient_id',
    target: 'users',
    onDelete: 'CASCADE',
    old: 'FK_5332a4daa46fd3f4e6625dd275d',
    name: 'FK_71e90d6dc5546c9f3814e7a5fbf',
  },
  {
    table: 'notifications',
    column: 'subject_id',
    target: 'subjects',
    onDelete: 'CASCADE',
    old: 'FK_b58456957889bfd68480a6aa1b2',
    name: 'FK_9ae33ca51d2e087ce239d833166',
  },
  {
    table: 'notifications',
    column: 'review_id',
    target: 'reviews',
    onDelete: 'CASCADE',
    old: 'FK_264fbdfc991d71f3ae598b76ed1',
    name: 'FK_dfa834838e9ed468a519fe096e9',
  },
  {
    table: 'notifications',
    column: 'evidence_version_id',
    target: 'evidence_versions',
    onDelete: 'CASCADE',
    old: 'FK_a25abf8b635d5fc5afd1c236056',
    name: 'FK_5a65cfeb7471b0794b567cf0d33',
  },
  {
    table: 'email_outbox',
    column: 'notification_id',
    target: 'notifications',
    onDelete: 'CASCADE',
    old: 'FK_84a6c7b34bd1ceafc4c7820abb5',
    name: 'FK_d5d3efc5562eddf94d2cb9e329f',
  },
];

/**
 * Tenancy in the database: every reference between tenant tables becomes a composite foreign key
 * `(x_id, organization_id) → t(id, organization_id)`, so a row can only point at a row of its own
 * organization, whatever the application does (docs/architecture.md, "Tenancy in the database").
 * The entities declare the same keys (`sameOrganization` in src/database/tenant-reference.ts), so
 * the drift check compares them. The ON DELETE behaviour of each reference is kept.
 *
 * Existing rows are checked first: one that points at another organization's row stops the migration
 * (and rolls it back) with a message naming the table, the column and how many rows.
 */
export class TenantReferences1796305900000 implements MigrationInterface {
  name = 'TenantReferences1796305900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const crossing: string[] = [];
    for (const { table, column, target } of REFERENCES) {
      const [{ count }] = (await queryRunner.query(
        `SELECT count(*)::int AS count FROM "${table}" c
          WHERE c."${column}" IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM "${target}" t WHERE t.id = c."${column}" AND t.organization_id = c.organization_id)`,
      )) as { count: number }[];
      if (count > 0) crossing.push(`${table}.${column} → ${target}: ${count} row(s)`);
    }
    if (crossing.length) {
      throw new Error(`TenantReferences: rows refer to another organization's row; fix them before migrating:\n  ${crossing.join('\n  ')}`);
    }
    for (const target of TARGETS) {
      await queryRunner.query(`ALTER TABLE "${target}" ADD CONSTRAINT "UQ_${target}_tenant_key" UNIQUE ("organization_id", "id")`);
    }
    for (const { table, column, target, onDelete, old, name } of REFERENCES) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${old}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}", "organization_id") REFERENCES "${target}"("id","organization_id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, column, target, onDelete, old, name } of [...REFERENCES].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${old}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`,
      );
    }
    for (const target of [...TARGETS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${target}" DROP CONSTRAINT "UQ_${target}_tenant_key"`);
    }
  }
}
