import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Context } from '../common/context';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { ReviewEntity } from './review.entity';
import { ReviewsRepository } from './reviews.repository';

/** Reviews batched over a page: a subject's reviews (by due date) for a page of subjects, reviews by id for a page of notifications. */
@Injectable()
export class ReviewLoader {
  constructor(private readonly reviews: ReviewsRepository) {}

  forSubject(loaders: LoaderRegistry, ctx: Context, subjectId: string): Promise<ReviewEntity[]> {
    return loaders
      .get(
        `reviews:${ctx.organizationId}`,
        () =>
          new DataLoader<string, ReviewEntity[]>(async (ids) => {
            const rows = await this.reviews.ofSubjects(ctx, ids);
            return ids.map((id) => rows.filter((r) => r.subjectId === id));
          }),
      )
      .load(subjectId);
  }

  byId(loaders: LoaderRegistry, ctx: Context, id: string): Promise<ReviewEntity | null> {
    return loaders
      .get(
        `review:${ctx.organizationId}`,
        () => new DataLoader<string, ReviewEntity | null>(async (ids) => byKeys(ids, await this.reviews.byIds(ctx, ids), (row) => row.id)),
      )
      .load(id);
  }
}
