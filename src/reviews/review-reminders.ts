import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SubjectEntity } from '../subjects/subject.entity';
import { ReviewPolicyValues } from './review-calendar';
import { ReviewEntity } from './review.entity';

/**
 * The review calendar's side of notifications: called inside the transaction that creates, moves,
 * reassigns, completes or cancels a review. (Implementation in progress: see the notifications module.)
 */
@Injectable()
export class ReviewReminders {
  /** A review was created, moved or reassigned: tell the assignee and (re)plan its reminder, overdue and escalation jobs. */
  async scheduled(_manager: EntityManager, _review: ReviewEntity, _today: string, _policy?: ReviewPolicyValues): Promise<void> {}

  /** Completed or cancelled: its pending reminders are dropped. */
  async closed(_manager: EntityManager, _review: ReviewEntity): Promise<void> {}

  /** The owner said "this is not mine": every active SECURITY_OFFICER is told (OWNER_REFUSED). */
  async ownerRefused(_manager: EntityManager, _review: ReviewEntity, _subject: SubjectEntity): Promise<void> {}
}
