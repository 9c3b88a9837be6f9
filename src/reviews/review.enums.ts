/** The kinds, states and answers of reviews; registered for GraphQL in src/graphql/enums.ts. */
export enum ReviewKind {
  INITIAL = 'INITIAL',
  PERIODIC = 'PERIODIC',
  RENEWAL = 'RENEWAL',
  CAMPAIGN = 'CAMPAIGN',
  AD_HOC = 'AD_HOC',
}

export enum ReviewStatus {
  OPEN = 'OPEN',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

export enum ReviewAnswerResult {
  CONFIRMED = 'CONFIRMED',
  ISSUE_FOUND = 'ISSUE_FOUND',
}

export enum ReviewOutcome {
  CONFIRMED = 'CONFIRMED',
  ISSUES_FOUND = 'ISSUES_FOUND',
}
