import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Actor, hasAnyRole } from '../common/actor';
import { Context } from '../common/context';
import { Role } from '../common/role';
import { badField, conflict, forbidden } from '../common/errors';
import { Database } from '../database/database';
import { evidenceDecidedText, NotificationKind } from '../notifications/notification-messages';
import { Notifier } from '../notifications/notifier';
import { EVIDENCE_STATE_LABELS } from '../subjects/evidence-state-labels';
import { SubjectRecord } from '../subjects/subject-record';
import { EvidenceDecision, EvidenceState } from '../domain/compliance.enums';
import { ComplianceService } from './compliance.service';
import { EvidenceVersionEntity } from './evidence-version.entity';
import { NewEvidenceVersion } from './evidence.repository';
import { EvidenceTarget, EvidenceTargets } from './evidence-targets';

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

/**
 * Evidence, four-eyes: a procurement officer, the owner or an admin records a clause as present
 * (with where it is), known absent, or asks for a waiver; a security officer or admin who did not
 * record it accepts or rejects. Every action appends a version.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly database: Database,
    private readonly targets: EvidenceTargets,
    private readonly compliance: ComplianceService,
    private readonly audit: AuditService,
    /** Tells the recorder of a decision (EVIDENCE_DECIDED). */
    private readonly notifier: Notifier,
  ) {}

  record(ctx: Context, input: RecordEvidence): Promise<EvidenceTarget> {
    if (input.present && !input.reference?.trim()) {
      throw badField('reference', '規定がある場合は、その箇所（例: 第12条）を入力してください。');
    }
    return this.database.transaction(ctx, async (ctx) => {
      const target = await this.targets.resolve(ctx, input.subjectId, input.requirementCode);
      this.assertMayRecord(ctx.caller, target.record);
      const version = await this.append(ctx, target, {
        state: input.present ? EvidenceState.RECORDED : EvidenceState.ABSENT,
        reference: input.reference?.trim() || null,
        documentUrl: input.documentUrl || null,
        note: input.note?.trim() || null,
        justification: null,
        recordedById: ctx.caller.userId,
        recordedAt: new Date(),
        decidedById: null,
        decidedAt: null,
        decisionComment: null,
      });
      await this.audit.record(ctx, {
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

  requestWaiver(ctx: Context, input: RequestWaiver): Promise<EvidenceTarget> {
    if (!input.justification.trim()) throw badField('justification', '適用除外を求める理由を入力してください。');
    return this.database.transaction(ctx, async (ctx) => {
      const target = await this.targets.resolve(ctx, input.subjectId, input.requirementCode);
      this.assertMayRecord(ctx.caller, target.record);
      const version = await this.append(ctx, target, {
        state: EvidenceState.WAIVER_REQUESTED,
        reference: target.current?.reference ?? null,
        documentUrl: target.current?.documentUrl ?? null,
        note: target.current?.note ?? null,
        justification: input.justification.trim(),
        recordedById: ctx.caller.userId,
        recordedAt: new Date(),
        decidedById: null,
        decidedAt: null,
        decisionComment: null,
      });
      await this.audit.record(ctx, {
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

  decide(ctx: Context, input: DecideEvidence): Promise<EvidenceTarget> {
    if (input.decision === EvidenceDecision.REJECT && !input.comment?.trim()) {
      throw badField('comment', '差戻しの理由（コメント）を入力してください。');
    }
    return this.database.transaction(ctx, async (ctx) => {
      const target = await this.targets.resolve(ctx, input.subjectId, input.requirementCode);
      const current = target.current;
      const outcome = current ? decisionOutcome(current.state, input.decision) : undefined;
      if (!current || !outcome) {
        throw conflict(
          `判断できるのは「${EVIDENCE_STATE_LABELS.RECORDED}」又は「${EVIDENCE_STATE_LABELS.WAIVER_REQUESTED}」の証跡だけです（現在: ${EVIDENCE_STATE_LABELS[current?.state ?? EvidenceState.NOT_RECORDED]}）。`,
        );
      }
      if (current.recordedById === ctx.caller.userId)
        throw forbidden('自分が記録した証跡を自分で判断することはできません（四つの目の原則）。');
      const version = await this.append(ctx, target, {
        state: outcome,
        reference: current.reference,
        documentUrl: current.documentUrl,
        note: current.note,
        justification: current.justification,
        recordedById: current.recordedById,
        recordedAt: current.recordedAt,
        decidedById: ctx.caller.userId,
        decidedAt: new Date(),
        decisionComment: input.comment?.trim() || null,
      });
      await this.audit.record(ctx, {
        action: 'EVIDENCE_DECIDED',
        entityType: 'RequirementEvidence',
        entityId: target.record.subject.id,
        changes: {
          requirementCode: [null, target.requirement.code],
          state: [current.state, version.state],
          decisionComment: [null, version.decisionComment],
        },
      });
      if (current.recordedById) {
        await this.notifier.notify(ctx, {
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

  /** Every version of the target's evidence (after a change: the new one included). */
  versions(ctx: Context, target: EvidenceTarget): Promise<EvidenceVersionEntity[]> {
    return this.targets.versions(ctx, target);
  }

  private assertMayRecord(actor: Actor, record: SubjectRecord): void {
    if (hasAnyRole(actor, [Role.ADMIN, Role.PROCUREMENT_OFFICER])) return;
    if (record.subject.ownerId === actor.userId) return;
    throw forbidden('証跡を記録できるのは調達担当、管理者又はこの登録対象の責任者です。');
  }

  private async append(
    ctx: Context,
    target: EvidenceTarget,
    fields: Omit<NewEvidenceVersion, 'subjectId' | 'requirementCode' | 'version'>,
  ): Promise<EvidenceVersionEntity> {
    const version = await this.targets.append(ctx, target, fields);
    await this.compliance.refresh(ctx, [target.record.subject.id]);
    return version;
  }
}
