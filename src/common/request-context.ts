import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  /** SQL statements sent on behalf of this request (counted by the data source's logger). */
  statements: number;
  /** The GraphQL operation the request ran, once Apollo has resolved it (for the request log line). */
  graphql?: { operationName?: string; operationType: string; rootFields: string[] };
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
