import { EntityManager } from 'typeorm';
import { SubjectKind } from '../subjects/subject.enums';
import { AppliesWhen } from './applicability';

export interface CatalogEntry {
  code: string;
  organizationId: string | null;
  subjectKind: SubjectKind;
  titleJa: string;
  titleEn: string;
  appliesWhen: AppliesWhen;
  source: string | null;
  builtIn: boolean;
  active: boolean;
}

interface CatalogRow {
  code: string;
  organization_id: string | null;
  subject_kind: SubjectKind;
  title_ja: string;
  title_en: string;
  applies_when: AppliesWhen;
  source: string | null;
  built_in: boolean;
  active: boolean;
}

/** The requirements an organization sees (built-in and its own) with whether each is active for it, in catalog order. */
export async function loadCatalog(manager: EntityManager, organizationId: string, kind?: SubjectKind): Promise<CatalogEntry[]> {
  const rows = await manager.query<CatalogRow[]>(
    `SELECT r.code, r.organization_id, r.subject_kind, r.title_ja, r.title_en, r.applies_when, r.source, r.built_in,
            COALESCE(s.active, true) AS active
       FROM requirements r
       LEFT JOIN requirement_settings s ON s.organization_id = $1 AND s.requirement_code = r.code
      WHERE (r.organization_id IS NULL OR r.organization_id = $1)
        AND ($2::subject_kind IS NULL OR r.subject_kind = $2::subject_kind)
      ORDER BY r.built_in DESC, r.position, r.code`,
    [organizationId, kind ?? null],
  );
  return rows.map((row) => ({
    code: row.code,
    organizationId: row.organization_id,
    subjectKind: row.subject_kind,
    titleJa: row.title_ja,
    titleEn: row.title_en,
    appliesWhen: row.applies_when,
    source: row.source,
    builtIn: row.built_in,
    active: row.active,
  }));
}
