import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { SubjectRecord, withDetails } from './subject-record';
import { SubjectEntity } from './subject.entity';

/** Subjects with their details by id, batched over a page (of reviews, notifications). */
@Injectable()
export class SubjectLoader {
  constructor(private readonly database: Database) {}

  load(loaders: LoaderRegistry, organizationId: string, id: string): Promise<SubjectRecord | null> {
    return loaders
      .get(
        `subject:${organizationId}`,
        () =>
          new DataLoader<string, SubjectRecord | null>(async (ids) => {
            const subjects = await this.database.manager.findBy(SubjectEntity, { organizationId, id: In([...ids]) });
            const records = await withDetails(this.database.manager, organizationId, subjects);
            return byKeys(ids, records, (r) => r.subject.id);
          }),
      )
      .load(id);
  }
}
