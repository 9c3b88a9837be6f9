import {
  getVariableValues,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import './enums';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { RETRY_AFTER_SECONDS } from '../common/errors';
import { JsonLogger } from '../common/json-logger';
import { requestContext } from '../common/request-context';
import { LoaderRegistry } from '../common/loaders';
import { RequestBudget } from '../common/request-budget';
import { RequestWithActor } from '../common/decorators';
import { GraphqlLimits } from '../config/config';
import { formatError, oneAnswerForBadVariables } from './format-error';
import { measuresOf, unboundedLists } from './list-bounds';
import { ListSizesService } from './list-sizes.service';
import { aliasLimitRule, costLimitError, depthLimitRule, MAX_ALIASES, MAX_DEPTH, queryCost, singleOperationRule } from './query-limits';
import { SCALARS_MAP } from './scalars';
import { answerResolvedFields } from './resolved-fields';
import { meterFields } from './field-meter';

interface RequestValues {
  req: RequestWithActor;
  loaders: LoaderRegistry;
  budget: RequestBudget;
}

interface SingleResponse {
  http: { status?: number };
  body: { kind: string; singleResult?: { data?: unknown; errors?: readonly GraphQLFormattedError[] } };
}

/**
 * The limits of one request (docs/api.md#limits). Before anything runs: the estimated cost, with
 * the caller's organization's list sizes measured when the document selects a list that nothing
 * else bounds. While a query runs: objects, answer bytes and the deadline, checked at every field
 * and DataLoader call (RequestBudget); a query that spends its budget is answered with that one error
 * and no data. A mutation is not cut off after its change is committed: its cost estimate bounds it.
 */
function queryLimitsPlugin(limits: GraphqlLimits, listSizes: ListSizesService) {
  return {
    serverWillStart({ schema }: { schema: GraphQLSchema }) {
      const unbounded = unboundedLists(schema);
      if (unbounded.length)
        return Promise.reject(new Error(`list fields without a bound in src/graphql/list-bounds.ts: ${unbounded.join(', ')}`));
      return Promise.resolve();
    },
    requestDidStart() {
      return Promise.resolve({
        async didResolveOperation({
          request,
          document,
          schema,
          operation,
          contextValue,
        }: {
          request: { variables?: Record<string, unknown>; operationName?: string };
          document: DocumentNode;
          schema: GraphQLSchema;
          operation?: OperationDefinitionNode;
          contextValue: RequestValues;
        }): Promise<void> {
          // Variables that do not fit their types are refused by execution itself, before any resolver
          // runs (one BAD_USER_INPUT, see badVariablesPlugin); costing them here would throw an error that is no answer.
          if (operation && getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}).errors) return;
          const measures = measuresOf(schema, document);
          const sizes = measures.length ? await listSizes.forRequest(contextValue.req, measures) : undefined;
          const cost = queryCost(schema, document, request.variables ?? {}, request.operationName ?? undefined, sizes);
          if (cost > limits.maxCost) throw costLimitError(cost, limits.maxCost);
        },
        executionDidStart({ operation, contextValue }: { operation?: OperationDefinitionNode; contextValue: RequestValues }) {
          // Every field of a query checks and counts against the budget (meterFields, in the schema).
          if (operation?.operation === OperationTypeNode.QUERY) contextValue.budget.enforce(limits);
          return Promise.resolve(undefined);
        },
        willSendResponse({ response, contextValue }: { response: SingleResponse; contextValue: RequestValues }) {
          const spent = contextValue.budget?.spent;
          if (spent && response.body.kind === 'single') {
            // No `data` key, as for a document refused before it runs: HTTP 400, which Nest's driver keeps only then.
            response.body.singleResult = { errors: [{ message: spent.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
            response.http.status = 400;
          }
          return Promise.resolve();
        },
      });
    },
  };
}

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

/** TOO_MANY_REQUESTS is HTTP 429 with Retry-After (the seconds in extensions.retryAfter), as any client of a rate limit expects. */
const tooManyRequestsPlugin = {
  requestDidStart() {
    return Promise.resolve({
      willSendResponse({
        response,
      }: {
        response: {
          http: { status?: number; headers: Map<string, string> };
          body: { kind: string; singleResult?: { data?: unknown; errors?: readonly GraphQLFormattedError[] } };
        };
      }) {
        const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
        const limited = result?.errors?.find((error) => error.extensions?.code === 'TOO_MANY_REQUESTS');
        if (result && limited) {
          // Refused as a whole, like a request-level failure: no data key, which is also what keeps
          // @nestjs/apollo from setting the status of an executed request back to 200.
          if (result.data === null) delete result.data;
          response.http.status = 429;
          response.http.headers.set(
            'retry-after',
            String(typeof limited.extensions?.retryAfter === 'number' ? limited.extensions.retryAfter : 60),
          );
        }
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

export function graphqlOptions(logger: JsonLogger, limits: GraphqlLimits, listSizes: ListSizesService): ApolloDriverConfig {
  return {
    // The schema file is written by `npm run schema:generate`, not by a running app.
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: SCALARS_MAP },
    transformSchema: (schema: GraphQLSchema) => meterFields(answerResolvedFields(schema)),
    path: '/graphql',
    // @nestjs/apollo's default IDE loads from a CDN: a blank page on a closed network. src/workbench serves one offline.
    graphiql: false,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: [singleOperationRule, depthLimitRule(MAX_DEPTH), aliasLimitRule(MAX_ALIASES)],
    // Compact JSON: Apollo's default indents every answer.
    stringifyResult: (value: unknown) => JSON.stringify(value),
    plugins: [
      // No cache hints are used (answers are never cached across requests), and its per-field hook
      // made Apollo wrap every field of every request.
      // (@nestjs/apollo's types come from Apollo's ESM build, this import from its CommonJS one: the same object.)
      ApolloServerPluginCacheControlDisabled() as NonNullable<ApolloDriverConfig['plugins']>[number],
      queryLimitsPlugin(limits, listSizes),
      badVariablesPlugin,
      tooManyRequestsPlugin,
      serviceUnavailablePlugin,
      operationLogPlugin,
    ],
    // @nestjs/apollo would set every answer that has `data` back to HTTP 200, a database outage included
    // (serviceUnavailablePlugin). No error of ours carries an HTTP status of its own for it to undo.
    preserveHttpStatusForExecutionErrors: false,
    formatError: formatError(logger),
    context: ({ req }: { req: RequestWithActor }): RequestValues => {
      const budget = new RequestBudget();
      return { req, budget, loaders: new LoaderRegistry(budget) };
    },
  };
}
