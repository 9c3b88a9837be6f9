import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { ReviewEntity } from './review.entity';

/** A subject's reviews (by due date), one query for a whole page of subjects. */
@Injectable()
export class ReviewLoader {
  constructor(private readonly database: Database) {}

  forSubject(loaders: LoaderRegistry, organizationId: string, subjectId: string): Promise<ReviewEntity[]> {
    return loaders
      .get(
        `reviews:${organizationId}`,
        () =>
          new DataLoader<string, ReviewEntity[]>(async (ids) => {
            const rows = await this.database.manager.find(ReviewEntity, {
              where: { organizationId, subjectId: In([...ids]) },
              order: { dueDate: 'ASC', id: 'ASC' },
            });
            return ids.map((id) => rows.filter((r) => r.subjectId === id));
          }),
      )
      .load(subjectId);
  }
}
