import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { badField, conflictOnDuplicate, notFound } from '../common/errors';
import { ComplianceService } from '../compliance/compliance.service';
import { Database } from '../database/database';
import { OrganizationEntity } from '../organizations/organization.entity';
import { SubjectKind } from '../subjects/subject.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { parseAppliesWhen } from './applicability';
import { CreateRequirementInput } from './dto/requirement.inputs';
import { CatalogEntry, loadCatalog } from './requirement-catalog';
import { RequirementEntity, RequirementSettingEntity } from './requirement.entity';

@Injectable()
export class RequirementsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly compliance: ComplianceService,
  ) {}

  list(actor: Actor, kind?: SubjectKind): Promise<CatalogEntry[]> {
    return loadCatalog(this.database.manager, actor.organizationId, kind);
  }

  /** An organization's own requirement; every subject of its kind is re-evaluated in the same transaction. */
  async create(actor: Actor, input: CreateRequirementInput): Promise<CatalogEntry> {
    const parsed = parseAppliesWhen(input.appliesWhen);
    if (!parsed.ok) throw badField('appliesWhen', parsed.errors.join(' '));
    return this.database.transaction(async (manager) => {
      const organization = await manager.findOneByOrFail(OrganizationEntity, { id: actor.organizationId });
      const prefix = `${organization.code}-`;
      // The prefix and something of the organization's own after it: "demo-" alone is no code.
      if (!input.code.startsWith(prefix) || !/[A-Za-z0-9]/.test(input.code.slice(prefix.length))) {
        throw badField('code', `独自の要件コードは組織コードとハイフンで始めてください（例: ${organization.code}-01）。`);
      }
      const position = await manager.count(RequirementEntity, { where: { organizationId: actor.organizationId } });
      await manager
        .insert(RequirementEntity, {
          code: input.code,
          organizationId: actor.organizationId,
          subjectKind: input.subjectKind,
          titleJa: input.titleJa,
          titleEn: input.titleEn,
          appliesWhen: parsed.value,
          source: input.source || null,
          builtIn: false,
          position: 1000 + position,
        })
        .catch((error: unknown) => conflictOnDuplicate(error, `要件コード ${input.code} は既に使われています。`));
      await this.refreshKind(manager, actor.organizationId, input.subjectKind);
      await this.audit.record(manager, actor, {
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
      return this.entry(manager, actor, input.code);
    });
  }

  /** Deactivation never deletes evidence; an inactive requirement applies to nothing in the organization. */
  async setActive(actor: Actor, code: string, active: boolean, reason: string): Promise<CatalogEntry> {
    if (!reason.trim()) throw badField('reason', '理由を入力してください。');
    return this.database.transaction(async (manager) => {
      const before = await this.entry(manager, actor, code);
      await manager.upsert(
        RequirementSettingEntity,
        { organizationId: actor.organizationId, requirementCode: code, active, reason: reason.trim() },
        ['organizationId', 'requirementCode'],
      );
      if (before.active !== active) await this.refreshKind(manager, actor.organizationId, before.subjectKind);
      await this.audit.record(manager, actor, {
        action: active ? 'REQUIREMENT_ACTIVATED' : 'REQUIREMENT_DEACTIVATED',
        entityType: 'Requirement',
        entityId: code,
        changes: { active: [before.active, active], reason: [null, reason.trim()] },
      });
      return this.entry(manager, actor, code);
    });
  }

  private async entry(manager: EntityManager, actor: Actor, code: string): Promise<CatalogEntry> {
    const entry = (await loadCatalog(manager, actor.organizationId)).find((e) => e.code === code);
    if (!entry) throw notFound(`要件 ${code}`);
    return entry;
  }

  private async refreshKind(manager: EntityManager, organizationId: string, kind: SubjectKind): Promise<void> {
    const subjects = await manager.find(SubjectEntity, { select: { id: true }, where: { organizationId, kind } });
    await this.compliance.refresh(
      manager,
      organizationId,
      subjects.map((s) => s.id),
    );
  }
}
