import { Injectable } from '@nestjs/common';
import { Hook } from '../common/hook';

/** What requirements announce to the features that depend on them (see `Hook`). */
@Injectable()
export class RequirementHooks {
  /** A requirement was activated, deactivated or changed: what applies to these subjects changed. */
  readonly applicableRequirementsChanged = new Hook<[subjectIds: string[]]>('requirements.applicableRequirementsChanged');
}
