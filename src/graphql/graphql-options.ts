import {
  getVariableValues,
  Kind,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import './enums';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { RETRY_AFTER_SECONDS } from '../common/errors';
import { JsonLogger } from '../common/json-logger';
import { requestContext } from '../common/request-context';
import { LoaderRegistry } from '../common/loaders';
import { formatError, oneAnswerForBadVariables } from './format-error';
import {
  aliasLimitRule,
  costLimitError,
  depthLimitRule,
  MAX_ALIASES,
  MAX_COST,
  MAX_DEPTH,
  queryCost,
  singleOperationRule,
} from './query-limits';

// Typed by hand: @nestjs/apollo sees Apollo's ESM typings and this file its CommonJS ones.
const costLimitPlugin = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation({
        request,
        document,
        schema,
        operation,
      }: {
        request: { variables?: Record<string, unknown>; operationName?: string };
        document: DocumentNode;
        schema: GraphQLSchema;
        operation?: OperationDefinitionNode;
      }) {
        // Variables that do not fit their types are refused by execution itself, before any resolver
        // runs (one BAD_USER_INPUT, see badVariablesPlugin); costing them here would throw an error that is no answer.
        if (operation && getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}).errors) {
          return Promise.resolve();
        }
        const cost = queryCost(schema, document, request.variables ?? {}, request.operationName ?? undefined);
        if (cost > MAX_COST) return Promise.reject(costLimitError(cost));
        return Promise.resolve();
      },
    });
  },
};

/** The variables' bad values in one answer (see oneAnswerForBadVariables). */
const badVariablesPlugin = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({
        response,
      }: {
        response: { body: { kind: string; singleResult?: { data?: unknown; errors?: readonly GraphQLFormattedError[] } } };
      }) {
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        if (result) result.errors = oneAnswerForBadVariables(result.errors, result.data);
        return Promise.resolve();
      },
    });
  },
};

/**
 * The operation on the request's log line: its name (from the document when the client sent none in
 * `operationName`), its type and its root fields, which name an anonymous operation.
 */
const operationLogPlugin = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation({ operation }: { operation?: OperationDefinitionNode }) {
        const store = requestContext.getStore();
        if (store && operation) {
          store.graphql = {
            operationName: operation.name?.value,
            operationType: operation.operation,
            rootFields: operation.selectionSet.selections
              .map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : `...${selection.kind}`))
              .slice(0, 10),
          };
        }
        return Promise.resolve();
      },
    });
  },
};

/**
 * A database outage (SERVICE_UNAVAILABLE, see formatError) is answered HTTP 503 with Retry-After, as
 * load balancers and clients expect, not 200 with an error inside.
 */
const serviceUnavailablePlugin = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({
        response,
      }: {
        response: {
          http: { status?: number; headers: Map<string, string> };
          body: { kind: string; singleResult?: { errors?: readonly GraphQLFormattedError[] } };
        };
      }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult?.errors : undefined;
        if (errors?.some((error) => error.extensions?.code === 'SERVICE_UNAVAILABLE')) {
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        }
        return Promise.resolve();
      },
    });
  },
};

export function graphqlOptions(logger: JsonLogger): ApolloDriverConfig {
  return {
    // The schema file is written by `npm run schema:generate`, not by a running app.
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    // @nestjs/apollo's default IDE loads from a CDN: a blank page on a closed network. src/workbench serves one offline.
    graphiql: false,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: [singleOperationRule, depthLimitRule(MAX_DEPTH), aliasLimitRule(MAX_ALIASES)],
    plugins: [costLimitPlugin, badVariablesPlugin, serviceUnavailablePlugin, operationLogPlugin],
    // @nestjs/apollo would set every answer that has `data` back to HTTP 200, a database outage included
    // (serviceUnavailablePlugin). No error of ours carries an HTTP status of its own for it to undo.
    preserveHttpStatusForExecutionErrors: false,
    formatError: formatError(logger),
    context: ({ req }: { req: unknown }) => ({ req, loaders: new LoaderRegistry() }),
  };
}
