import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Context } from '../common/context';
import { badField, notFound } from '../common/errors';
import { Database } from '../database/database';
import { SubjectKind } from '../domain/subject.enums';
import { parseAppliesWhen } from './applicability';
import { CreateRequirementInput } from './dto/requirement.inputs';
import { CatalogEntry } from './requirement-catalog';
import { RequirementHooks } from './requirement-hooks';
import { RequirementReferences } from './requirement-references';
import { RequirementsRepository } from './requirements.repository';

@Injectable()
export class RequirementsService {
  constructor(
    private readonly database: Database,
    private readonly requirements: RequirementsRepository,
    private readonly references: RequirementReferences,
    private readonly audit: AuditService,
    private readonly hooks: RequirementHooks,
  ) {}

  list(ctx: Context, kind?: SubjectKind): Promise<CatalogEntry[]> {
    return this.requirements.catalog(ctx, kind);
  }

  /** An organization's own requirement; every subject of its kind is re-evaluated in the same transaction. */
  async create(ctx: Context, input: CreateRequirementInput): Promise<CatalogEntry> {
    const parsed = parseAppliesWhen(input.appliesWhen);
    if (!parsed.ok) throw badField('appliesWhen', parsed.errors.join(' '));
    return this.database.transaction(ctx, async (ctx) => {
      const organization = await this.references.organization(ctx);
      const prefix = `${organization.code}-`;
      // The prefix and something of the organization's own after it: "demo-" alone is no code.
      if (!input.code.startsWith(prefix) || !/[A-Za-z0-9]/.test(input.code.slice(prefix.length))) {
        throw badField('code', `独自の要件コードは組織コードとハイフンで始めてください（例: ${organization.code}-01）。`);
      }
      const position = await this.requirements.countOwn(ctx);
      await this.requirements.insertOwn(
        ctx,
        {
          code: input.code,
          subjectKind: input.subjectKind,
          titleJa: input.titleJa,
          titleEn: input.titleEn,
          appliesWhen: parsed.value,
          source: input.source || null,
          position: 1000 + position,
        },
        `要件コード ${input.code} は既に使われています。`,
      );
      await this.refreshKind(ctx, input.subjectKind);
      await this.audit.record(ctx, {
        action: 'REQUIREMENT_CREATED',
        entityType: 'Requirement',
        entityId: input.code,
        changes: {
          subjectKind: [null, input.subjectKind],
          titleJa: [null, input.titleJa],
          titleEn: [null, input.titleEn],
          appliesWhen: [null, parsed.value],
        },
      });
      return this.entry(ctx, input.code);
    });
  }

  /** Deactivation never deletes evidence; an inactive requirement applies to nothing in the organization. */
  async setActive(ctx: Context, code: string, active: boolean, reason: string): Promise<CatalogEntry> {
    if (!reason.trim()) throw badField('reason', '理由を入力してください。');
    return this.database.transaction(ctx, async (ctx) => {
      const before = await this.entry(ctx, code);
      await this.requirements.setActive(ctx, code, active, reason.trim());
      if (before.active !== active) await this.refreshKind(ctx, before.subjectKind);
      await this.audit.record(ctx, {
        action: active ? 'REQUIREMENT_ACTIVATED' : 'REQUIREMENT_DEACTIVATED',
        entityType: 'Requirement',
        entityId: code,
        changes: { active: [before.active, active], reason: [null, reason.trim()] },
      });
      return this.entry(ctx, code);
    });
  }

  private async entry(ctx: Context, code: string): Promise<CatalogEntry> {
    const entry = (await this.requirements.catalog(ctx)).find((e) => e.code === code);
    if (!entry) throw notFound(`要件 ${code}`);
    return entry;
  }

  private async refreshKind(ctx: Context, kind: SubjectKind): Promise<void> {
    await this.hooks.applicableRequirementsChanged.run(ctx, await this.references.subjectIdsOfKind(ctx, kind));
  }
}
