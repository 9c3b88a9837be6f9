import { JoinColumnOptions } from 'typeorm';

/**
 * The join columns of a reference from one tenant table to another: `(organization_id, <column>)`
 * references `(organization_id, id)`, so the database itself refuses a row that points at another
 * organization's row. The referenced entity declares the key to point at,
 * `@Unique('UQ_<table>_tenant_key', ['organizationId', 'id'])`. Used as
 * `@ManyToOne(() => X, { onDelete }) @JoinColumn(sameOrganization('x_id'))`.
 *
 * `organization_id` is then shared by the entity's own column and every such relation. TypeORM copies
 * the column per relation and, on a write, takes its value from the relation object if one is set and
 * otherwise from `organizationId`; the code never sets relation objects (ids only), so writes carry
 * `organizationId` as given. Never set a relation property to `null` to clear a reference: TypeORM
 * would write NULL into `organization_id` too (refused: the column is NOT NULL). Clear the id column
 * (`vendorId: null`) instead.
 *
 * The composite key is matched SIMPLE (PostgreSQL's default): a row whose reference column is NULL is
 * not checked, as before. A reference that should be cleared when its target goes (`ON DELETE SET
 * NULL`) must name the column, `ON DELETE SET NULL (x_id)` (PostgreSQL 15+), so that the database
 * does not null `organization_id` too; no reference does that today, and the test that lists the keys
 * (`test/tenant-references.e2e-spec.ts`) refuses one that does not name its column.
 */
export function sameOrganization(column: string): JoinColumnOptions[] {
  return [
    { name: 'organization_id', referencedColumnName: 'organizationId' },
    { name: column, referencedColumnName: 'id' },
  ];
}
