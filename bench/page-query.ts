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

/**
 * The same page as PostGraphile's generated schema asks for it (bench/postgraphile-server.ts): the
 * ACTIVE subjects of one organization by name, then id. It has no sign-in, so the organization is a
 * condition of the query.
 */
export const POSTGRAPHILE_PAGE_QUERY = `query SubjectsPage($first: Int!, $organizationId: UUID!) {
  allSubjects(first: $first, condition: { organizationId: $organizationId, status: ACTIVE }, orderBy: [NAME_ASC, ROW_ID_ASC]) {
    nodes {
      rowId
      kind
      name
      userByOwnerIdAndOrganizationId { displayName }
      vendorByVendorIdAndOrganizationId { name }
      effectiveStatus
    }
    pageInfo { hasNextPage }
  }
}`;

export interface PostGraphileAnswer {
  data?: {
    allSubjects: {
      nodes: {
        rowId: string;
        kind: string;
        name: string;
        userByOwnerIdAndOrganizationId: { displayName: string } | null;
        vendorByVendorIdAndOrganizationId: { name: string } | null;
        effectiveStatus: string;
      }[];
      pageInfo: { hasNextPage: boolean };
    };
  } | null;
  errors?: { message: string }[];
}

/** PostGraphile's page in the service's shape (its cursors are its own, so only hasNextPage is compared). */
export function pageFromPostGraphile(answer: PostGraphileAnswer): { nodes: PageNode[]; hasNextPage: boolean } | undefined {
  if (!answer.data) return undefined;
  const { nodes, pageInfo } = answer.data.allSubjects;
  return {
    nodes: nodes.map((node) => ({
      id: node.rowId,
      kind: node.kind,
      name: node.name,
      owner: node.userByOwnerIdAndOrganizationId,
      compliance: { status: node.effectiveStatus },
      ...(node.kind === 'SOCIAL_MEDIA_ACCOUNT' ? {} : { vendor: node.vendorByVendorIdAndOrganizationId ?? undefined }),
    })),
    hasNextPage: pageInfo.hasNextPage,
  };
}
