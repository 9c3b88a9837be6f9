/** What the bench asks for: the first page of the subjects list as a register screen shows it, and the dashboard figures. */

export const PAGE_QUERY = `query SubjectsPage($first: Int!) {
  subjects(first: $first) {
    nodes {
      id
      kind
      name
      owner { displayName }
      compliance { status }
      ... on OutsourcingContract { vendor { name } }
      ... on CloudService { vendor { name } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const SUMMARY_QUERY = `query ComplianceSummary {
  complianceSummary {
    total compliant pendingReview nonCompliant
    byKind { kind total compliant pendingReview nonCompliant }
    byFinding { code count }
    overdueReviews reviewsDueWithin30Days certificationsExpiringWithin90Days
  }
}`;

/** One node of the page, in the order of the query's fields (the order a GraphQL server answers in). */
export interface PageNode {
  id: string;
  kind: string;
  name: string;
  owner: { displayName: string } | null;
  compliance: { status: string };
  vendor?: { name: string };
}

export interface PageAnswer {
  data?: { subjects: { nodes: PageNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Relay cursor of the subjects list: base64url of [name, id] (as encodeCursor in src/common/pagination.ts). */
export function subjectCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id]), 'utf8').toString('base64url');
}
