import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { Database } from '../database/database';
import { ListSizes, Measure } from './list-bounds';

/**
 * Each measure as one scalar subquery over the organization's rows, each answered from an index
 * (reviews by organization and subject, evidence versions by organization and version).
 */
const MEASURE_SQL: Record<Measure, string> = {
  reviewsPerSubject: `SELECT count(*) FROM reviews WHERE organization_id = $1 GROUP BY subject_id ORDER BY 1 DESC LIMIT 1`,
  evidenceVersions: `SELECT max(version) FROM evidence_versions WHERE organization_id = $1`,
  requirementsPerKind: `SELECT count(*) FROM requirements WHERE organization_id IS NULL OR organization_id = $1 GROUP BY subject_kind ORDER BY 1 DESC LIMIT 1`,
  requirements: `SELECT count(*) FROM requirements WHERE organization_id IS NULL OR organization_id = $1`,
  departments: `SELECT count(*) FROM departments WHERE organization_id = $1`,
  reviewCampaigns: `SELECT count(*) FROM review_campaigns WHERE organization_id = $1`,
};

/** The sizes of the organization's unbounded lists, for the cost of a query (list-bounds.ts). */
@Injectable()
export class ListSizesRepository {
  constructor(private readonly database: Database) {}

  /** The asked-for sizes in one statement. */
  async measure(ctx: Context, measures: readonly Measure[]): Promise<Partial<ListSizes>> {
    if (measures.length === 0) return {};
    const columns = measures.map((measure) => `COALESCE((${MEASURE_SQL[measure]}), 0)::int AS "${measure}"`);
    const [row] = await this.database.manager(ctx).query<Partial<ListSizes>[]>(`SELECT ${columns.join(', ')}`, [ctx.organizationId]);
    return row;
  }
}
