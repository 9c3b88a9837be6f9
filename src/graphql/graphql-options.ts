import {
  getVariableValues,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import './enums';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { JsonLogger } from '../common/json-logger';
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
import { SCALARS_MAP } from './scalars';

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

export function graphqlOptions(logger: JsonLogger): ApolloDriverConfig {
  return {
    // The schema file is written by `npm run schema:generate`, not by a running app.
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: SCALARS_MAP },
    path: '/graphql',
    // @nestjs/apollo's default IDE loads from a CDN: a blank page on a closed network. src/workbench serves one offline.
    graphiql: false,
    playground: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: [singleOperationRule, depthLimitRule(MAX_DEPTH), aliasLimitRule(MAX_ALIASES)],
    plugins: [costLimitPlugin, badVariablesPlugin],
    formatError: formatError(logger),
    context: ({ req }: { req: unknown }) => ({ req, loaders: new LoaderRegistry() }),
  };
}
