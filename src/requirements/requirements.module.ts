import { Module } from '@nestjs/common';
import { RequirementsResolver } from './requirements.resolver';
import { RequirementsService } from './requirements.service';

@Module({ providers: [RequirementsService, RequirementsResolver] })
export class RequirementsModule {}
