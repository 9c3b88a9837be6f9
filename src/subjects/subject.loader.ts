import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Context } from '../common/context';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { SubjectRecord } from './subject-record';
import { SubjectsRepository } from './subjects.repository';

/** Subjects with their details by id, batched over a page (of reviews, notifications). */
@Injectable()
export class SubjectLoader {
  constructor(private readonly subjects: SubjectsRepository) {}

  load(loaders: LoaderRegistry, ctx: Context, id: string): Promise<SubjectRecord | null> {
    return loaders
      .get(
        `subject:${ctx.organizationId}`,
        () =>
          new DataLoader<string, SubjectRecord | null>(async (ids) =>
            byKeys(ids, await this.subjects.records(ctx, ids), (r) => r.subject.id),
          ),
      )
      .load(id);
  }
}
