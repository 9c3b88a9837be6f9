import { Injectable } from '@nestjs/common';
import { Context } from '../common/context';
import { conflictOnDuplicate } from '../common/errors';
import { Database } from '../database/database';
import { SubjectKind } from '../domain/subject.enums';
import { AppliesWhen } from './applicability';
import { CatalogEntry } from './requirement-catalog';
import { RequirementEntity, RequirementSettingEntity } from './requirement.entity';

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

/** The requirement catalog: the built-in requirements, each organization's own, and which are active where. */
@Injectable()
export class RequirementsRepository {
  constructor(private readonly database: Database) {}

  /** The requirements the organization sees (built-in and its own) with whether each is active for it, in catalog order. */
  async catalog(ctx: Context, kind?: SubjectKind): Promise<CatalogEntry[]> {
    const rows = await this.database.manager(ctx).query<CatalogRow[]>(
      `SELECT r.code, r.organization_id, r.subject_kind, r.title_ja, r.title_en, r.applies_when, r.source, r.built_in,
              COALESCE(s.active, true) AS active
         FROM requirements r
         LEFT JOIN requirement_settings s ON s.organization_id = $1 AND s.requirement_code = r.code
        WHERE (r.organization_id IS NULL OR r.organization_id = $1)
          AND ($2::subject_kind IS NULL OR r.subject_kind = $2::subject_kind)
        ORDER BY r.built_in DESC, r.position, r.code`,
      [ctx.organizationId, kind ?? null],
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

  countOwn(ctx: Context): Promise<number> {
    return this.database.manager(ctx).count(RequirementEntity, { where: { organizationId: ctx.organizationId } });
  }

  /** An organization's own requirement; a code already taken is CONFLICT with `duplicateMessage`. */
  async insertOwn(
    ctx: Context,
    requirement: Pick<RequirementEntity, 'code' | 'subjectKind' | 'titleJa' | 'titleEn' | 'appliesWhen' | 'source' | 'position'>,
    duplicateMessage: string,
  ): Promise<void> {
    await this.database
      .manager(ctx)
      .insert(RequirementEntity, { ...requirement, organizationId: ctx.organizationId, builtIn: false })
      .catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
  }

  async setActive(ctx: Context, code: string, active: boolean, reason: string): Promise<void> {
    await this.database
      .manager(ctx)
      .upsert(RequirementSettingEntity, { organizationId: ctx.organizationId, requirementCode: code, active, reason }, [
        'organizationId',
        'requirementCode',
      ]);
  }
}
