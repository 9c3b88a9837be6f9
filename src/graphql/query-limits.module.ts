import { Module } from '@nestjs/common';
import { ListSizesRepository } from './list-sizes.repository';
import { ListSizesService } from './list-sizes.service';

/** What the GraphQL options need to estimate a query's cost: the organization's list sizes. */
@Module({ providers: [ListSizesRepository, ListSizesService], exports: [ListSizesService] })
export class QueryLimitsModule {}
