import { Injectable } from '@nestjs/common';
import { Hook } from '../common/hook';

/** What users announce to the features that depend on them (see `Hook`). */
@Injectable()
export class UserHooks {
  /**
   * A user was deactivated (`active` false) or reactivated, in the transaction that changed it:
   * a deactivated user is signed out everywhere and owns nothing (their subjects show OWNER_MISSING,
   * their open reviews lose their assignee); a reactivated owner gets back the unassigned reviews
   * of their subjects.
   */
  readonly activityChanged = new Hook<[userId: string, active: boolean]>('users.activityChanged');
}
