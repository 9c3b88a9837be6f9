import { Module } from '@nestjs/common';
import { RequirementsResolver } from './requirements.resolver';
import { RequirementReferences } from './requirement-references';
import { RequirementsService } from './requirements.service';

@Module({ providers: [RequirementsService, RequirementReferences, RequirementsResolver] })
export class RequirementsModule {}
