import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, hasAnyRole } from '../auth/actor';
import { Role } from '../auth/role.enum';
import { badField, conflict, forbidden } from '../common/errors';
import { Database } from '../database/database';
import { evidenceDecidedText, NotificationKind } from '../notifications/notification-messages';
import { Notifier } from '../notifications/notifier';
import { scoped } from '../database/tenant-scope';
import { CatalogEntry, loadCatalog } from '../requirements/requirement-catalog';
import { EVIDENCE_STATE_LABELS } from '../subjects/evidence-state-labels';
import { SubjectRecord, withDetails } from '../subjects/subject-record';
import { EvidenceDecision, EvidenceState, SubjectStatus } from '../subjects/subject.enums';
import { SubjectEntity } from '../subjects/subject.entity';
import { applicableRequirements } from './compliance.service';
import { ComplianceService } from './compliance.service';
import { EvidenceVersionEntity } from './evidence-version.entity';

export interface RecordEvidence {
  subjectId: string;
  requirementCode: string;
  present: boolean;
  reference?: string | null;
  documentUrl?: string | null;
  note?: string | null;
}

export interface RequestWaiver {
  subjectId: string;
  requirementCode: string;
  justification: string;
}

export interface DecideEvidence {
  subjectId: string;
  requirementCode: string;
  decision: EvidenceDecision;
  comment?: string | null;
}

/** What a decision may act on, and what it turns it into. */
const DECISIONS: Partial<Record<EvidenceState, Record<EvidenceDecision, EvidenceState>>> = {
  [EvidenceState.RECORDED]: { ACCEPT: EvidenceState.ACCEPTED, REJECT: EvidenceState.REJECTED },
  [EvidenceState.WAIVER_REQUESTED]: { ACCEPT: EvidenceState.WAIVED, REJECT: EvidenceState.REJECTED },
};

export function decisionOutcome(state: EvidenceState, decision: EvidenceDecision): EvidenceState | undefined {
  return DECISIONS[state]?.[decision];
}

export interface EvidenceTarget {
  record: SubjectRecord;
  requirement: CatalogEntry;
  current: EvidenceVersionEntity | null;
}

/**
 * Evidence, four-eyes: a procurement officer, the owner or an admin records a clause as present
 * (with where it is), known absent, or asks for a waiver; a security officer or admin who did not
 * record it accepts or rejects. Every action appends a version.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
    private readonly compliance: ComplianceService,
    /** Tells the recorder of a decision (EVIDENCE_DECIDED); absent where no app runs (the demo seed builds this service by hand). */
    @Optional() private readonly notifier?: Notifier,
  ) {}

  record(actor: Actor, input: RecordEvidence): Promise<EvidenceTarget> {
    if (input.present && !input.reference?.trim()) {
      throw badField('reference', '規定がある場合は、その箇所（例: 第12条）を入力してください。');
    }
    return this.database.transaction(async (manager) => {
      const target = await this.target(manager, actor, input.subjectId, input.requirementCode);
      this.assertMayRecord(actor, target.record);
      const version = await this.append(manager, actor, target, {
        state: input.present ? EvidenceState.RECORDED : EvidenceState.ABSENT,
        reference: input.reference?.trim() || null,
        documentUrl: input.documentUrl || null,
        note: input.note?.trim() || null,
        justification: null,
        recordedById: actor.userId,
        recordedAt: new Date(),
        decidedById: null,
        decidedAt: null,
        decisionComment: null,
      });
      await this.audit.record(manager, actor, {
        action: 'EVIDENCE_RECORDED',
        entityType: 'RequirementEvidence',
        entityId: target.record.subject.id,
        changes: {
          requirementCode: [null, target.requirement.code],
          state: [target.current?.state ?? EvidenceState.NOT_RECORDED, version.state],
          reference: [target.current?.reference ?? null, version.reference],
          documentUrl: [target.current?.documentUrl ?? null, version.documentUrl],
        },
      });
      return { ...target, current: version };
    });
  }

  requestWaiver(actor: Actor, input: RequestWaiver): Promise<EvidenceTarget> {
    if (!input.justification.trim()) throw badField('justification', '適用除外を求める理由を入力してください。');
    return this.database.transaction(async (manager) => {
      const target = await this.target(manager, actor, input.subjectId, input.requirementCode);
      this.assertMayRecord(actor, target.record);
      const version = await this.append(manager, actor, target, {
        state: EvidenceState.WAIVER_REQUESTED,
        reference: target.current?.reference ?? null,
        documentUrl: target.current?.documentUrl ?? null,
        note: target.current?.note ?? null,
        justification: input.justification.trim(),
        recordedById: actor.userId,
        recordedAt: new Date(),
        decidedById: null,
        decidedAt: null,
        decisionComment: null,
      });
      await this.audit.record(manager, actor, {
        action: 'WAIVER_REQUESTED',
        entityType: 'RequirementEvidence',
        entityId: target.record.subject.id,
        changes: {
          requirementCode: [null, target.requirement.code],
          state: [target.current?.state ?? EvidenceState.NOT_RECORDED, version.state],
          justification: [null, version.justification],
        },
      });
      return { ...target, current: version };
    });
  }

  decide(actor: Actor, input: DecideEvidence): Promise<EvidenceTarget> {
    if (input.decision === EvidenceDecision.REJECT && !input.comment?.trim()) {
      throw badField('comment', '差戻しの理由（コメント）を入力してください。');
    }
    return this.database.transaction(async (manager) => {
      const target = await this.target(manager, actor, input.subjectId, input.requirementCode);
      const current = target.current;
      const outcome = current ? decisionOutcome(current.state, input.decision) : undefined;
      if (!current || !outcome) {
        throw conflict(
          `判断できるのは「${EVIDENCE_STATE_LABELS.RECORDED}」又は「${EVIDENCE_STATE_LABELS.WAIVER_REQUESTED}」の証跡だけです（現在: ${EVIDENCE_STATE_LABELS[current?.state ?? EvidenceState.NOT_RECORDED]}）。`,
        );
      }
      if (current.recordedById === actor.userId) throw forbidden('自分が記録した証跡を自分で判断することはできません（四つの目の原則）。');
      const version = await this.append(manager, actor, target, {
        state: outcome,
        reference: current.reference,
        documentUrl: current.documentUrl,
        note: current.note,
        justification: current.justification,
        recordedById: current.recordedById,
        recordedAt: current.recordedAt,
        decidedById: actor.userId,
        decidedAt: new Date(),
        decisionComment: input.comment?.trim() || null,
      });
      await this.audit.record(manager, actor, {
        action: 'EVIDENCE_DECIDED',
        entityType: 'RequirementEvidence',
        entityId: target.record.subject.id,
        changes: {
          requirementCode: [null, target.requirement.code],
          state: [current.state, version.state],
          decisionComment: [null, version.decisionComment],
        },
      });
      if (this.notifier && current.recordedById) {
        await this.notifier.notify(manager, {
          organizationId: actor.organizationId,
          recipientIds: [current.recordedById],
          kind: NotificationKind.EVIDENCE_DECIDED,
          text: evidenceDecidedText({
            subjectName: target.record.subject.name,
            requirementCode: target.requirement.code,
            requirementTitle: target.requirement.titleJa,
            state: version.state,
            comment: version.decisionComment,
          }),
          subjectId: target.record.subject.id,
          evidenceVersionId: version.id,
        });
      }
      return { ...target, current: version };
    });
  }

  private assertMayRecord(actor: Actor, record: SubjectRecord): void {
    if (hasAnyRole(actor, [Role.ADMIN, Role.PROCUREMENT_OFFICER])) return;
    if (record.subject.ownerId === actor.userId) return;
    throw forbidden('証跡を記録できるのは調達担当、管理者又はこの登録対象の責任者です。');
  }

  /** The subject (locked, so versions follow one another), the requirement (known, active, applicable) and its current evidence. */
  private async target(manager: EntityManager, actor: Actor, subjectId: string, requirementCode: string): Promise<EvidenceTarget> {
    const subject = await scoped(manager, actor).get(SubjectEntity, subjectId, '登録対象', true);
    if (subject.status !== SubjectStatus.ACTIVE) throw conflict('アーカイブされた登録対象の証跡は変更できません。');
    const [record] = await withDetails(manager, actor.organizationId, [subject]);
    const catalog = await loadCatalog(manager, actor.organizationId, subject.kind);
    const requirement = catalog.find((entry) => entry.code === requirementCode);
    if (!requirement) throw badField('requirementCode', `要件コード ${requirementCode} はこの種類の登録対象にはありません。`);
    if (!applicableRequirements(catalog, record).some((entry) => entry.code === requirementCode)) {
      throw badField(
        'requirementCode',
        `要件 ${requirementCode} はこの登録対象には適用されません（無効化されているか、条件に当てはまりません）。`,
      );
    }
    const current = await manager.findOne(EvidenceVersionEntity, {
      where: { organizationId: actor.organizationId, subjectId, requirementCode },
      order: { version: 'DESC' },
    });
    return { record, requirement, current };
  }

  private async append(
    manager: EntityManager,
    actor: Actor,
    target: EvidenceTarget,
    fields: Omit<EvidenceVersionEntity, 'id' | 'organizationId' | 'subjectId' | 'requirementCode' | 'version' | 'subject'>,
  ): Promise<EvidenceVersionEntity> {
    const version = manager.create(EvidenceVersionEntity, {
      organizationId: actor.organizationId,
      subjectId: target.record.subject.id,
      requirementCode: target.requirement.code,
      version: (target.current?.version ?? 0) + 1,
      ...fields,
    });
    await manager.save(version);
    await this.compliance.refresh(manager, actor.organizationId, [target.record.subject.id]);
    return version;
  }
}
