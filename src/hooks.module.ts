import { Global, Module } from '@nestjs/common';
import { RequirementHooks } from './requirements/requirement-hooks';
import { SubjectHooks } from './subjects/subject-hooks';
import { UserHooks } from './users/user-hooks';
import { VendorHooks } from './vendors/vendor-hooks';

const HOOKS = [UserHooks, VendorHooks, SubjectHooks, RequirementHooks];

/**
 * The features' hooks (see `Hook` in src/common/hook.ts), one instance each for the whole app, so
 * that a listener registered by one module hears what a service of another module announces: in
 * every process (API, worker, operator commands), whichever feature modules it loads.
 */
@Global()
@Module({ providers: HOOKS, exports: HOOKS })
export class HooksModule {}
