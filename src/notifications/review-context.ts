import { EntityManager } from 'typeorm';
import { ReviewEntity } from '../reviews/review.entity';

/** What a review notice needs to know besides the review: its subject's name, the calendar, the assignee. */
export interface ReviewContext {
  subjectName: string;
  timeZone: string;
  /** The assignee when they are an active user; null otherwise. */
  activeAssigneeId: string | null;
  assigneeName: string | null;
}

export async function reviewContext(
  manager: EntityManager,
  review: Pick<ReviewEntity, 'organizationId' | 'subjectId' | 'assigneeId'>,
): Promise<ReviewContext> {
  const [row] = await manager.query<
    { subject_name: string; time_zone: string; assignee_active: boolean | null; assignee_name: string | null }[]
  >(
    `SELECT s.name AS subject_name, o.time_zone, u.active AS assignee_active, u.display_name AS assignee_name
       FROM subjects s
       JOIN organizations o ON o.id = s.organization_id
       LEFT JOIN users u ON u.organization_id = s.organization_id AND u.id = $3
      WHERE s.organization_id = $1 AND s.id = $2`,
    [review.organizationId, review.subjectId, review.assigneeId],
  );
  if (!row) throw new Error(`review context: subject ${review.subjectId} not found in organization ${review.organizationId}`);
  return {
    subjectName: row.subject_name,
    timeZone: row.time_zone,
    activeAssigneeId: row.assignee_active ? review.assigneeId : null,
    assigneeName: row.assignee_name,
  };
}
