import { Injectable } from '@nestjs/common';
import { Hook } from '../common/hook';
import { SubjectEntity } from './subject.entity';
import { SubjectRecord } from './subject-record';

/**
 * What subjects announce to the features that depend on them (see `Hook`), in the transaction of
 * the change. `SubjectsService` runs the lifecycle hooks first (reviews keep their schedule and
 * `next_review_due` current) and `complianceInputsChanged` last, so that compliance is evaluated
 * on the schedule as it now stands.
 */
@Injectable()
export class SubjectHooks {
  /** New subjects: one, or many at once (a ledger import). */
  readonly created = new Hook<[records: SubjectRecord[]]>('subjects.created');
  readonly updated = new Hook<[before: SubjectRecord, after: SubjectRecord]>('subjects.updated');
  readonly archived = new Hook<[subject: SubjectEntity]>('subjects.archived');
  /** The April rotation: every subject of one owner passed to another. */
  readonly ownershipTransferred = new Hook<[fromUserId: string, toUserId: string]>('subjects.ownershipTransferred');
  /** These subjects' stored facts changed: what compliance evaluates must be evaluated again. */
  readonly complianceInputsChanged = new Hook<[subjectIds: string[]]>('subjects.complianceInputsChanged');
}
