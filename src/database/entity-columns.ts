import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The columns of one entity under a table alias, for a statement that reads several tables at once:
 * `select` lists them as `alias__column`, `read` turns one row back into the entity with TypeORM's
 * own conversions (enum arrays, transformers), so a joined read gives the same objects as `find`.
 * (A timestamp read through JSON stays text: read no timestamp column through `readJson`.)
 */
export class EntityColumns<E extends ObjectLiteral> {
  readonly select: string;
  private readonly columns: { property: string; key: string; name: string; hydrate: (value: unknown) => unknown }[];
  private readonly primaryKey: string;
  private readonly create: () => E;

  constructor(dataSource: DataSource, entity: EntityTarget<E>, alias: string) {
    const metadata = dataSource.getMetadata(entity);
    const driver = dataSource.driver;
    this.columns = metadata.columns.map((column) => ({
      property: column.propertyName,
      key: `${alias}__${column.databaseName}`,
      name: column.databaseName,
      hydrate: (value: unknown) => driver.prepareHydratedValue(value, column) as unknown,
    }));
    this.select = metadata.columns.map((column) => `${alias}.${column.databaseName} AS "${alias}__${column.databaseName}"`).join(', ');
    this.primaryKey = `${alias}__${metadata.primaryColumns[0].databaseName}`;
    this.create = () => metadata.create() as E;
  }

  /** The entity in `row`, or null when a left join found none. */
  read(row: Record<string, unknown>): E | null {
    if (row[this.primaryKey] === null || row[this.primaryKey] === undefined) return null;
    const entity = this.create() as Record<string, unknown>;
    for (const { property, key, hydrate } of this.columns) entity[property] = hydrate(row[key]);
    return entity as E;
  }

  /** The entity in a row as `to_json` gives it (keys are column names), as from a `json_agg` of the table. */
  readJson(row: Record<string, unknown>): E {
    const entity = this.create() as Record<string, unknown>;
    for (const { property, name, hydrate } of this.columns) entity[property] = hydrate(row[name]);
    return entity as E;
  }
}
