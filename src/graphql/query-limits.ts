import {
  ASTVisitor,
  DocumentNode,
  getNamedType,
  getNullableType,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLSchema,
  isListType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
} from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { listBound, ListSizes, UNMEASURED } from './list-bounds';

export const MAX_DEPTH = 12;
export const MAX_ALIASES = 30;
/** The default of GRAPHQL_MAX_COST. */
export const MAX_COST = 20_000;

const limitError = (message: string): GraphQLError => new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });

/** At most one operation per document: no batching several logins into one request. */
export function singleOperationRule(context: ValidationContext): ASTVisitor {
  const operations = context.getDocument().definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length > 1) {
    context.reportError(limitError('1つのリクエストに含められる操作は1つだけです。'));
  }
  return {};
}

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue; // a cycle is reported by GraphQL's own rule
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return deepest;
}

export function depthLimitRule(maxDepth: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    }
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const depth = depthOf(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) context.reportError(limitError(`クエリの深さ ${depth} が上限 ${maxDepth} を超えています。`));
      },
    };
  };
}

export function aliasLimitRule(maxAliases: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    let aliases = 0;
    return {
      Field(field: FieldNode) {
        if (field.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > maxAliases) context.reportError(limitError(`別名（alias）の数 ${aliases} が上限 ${maxAliases} を超えています。`));
        },
      },
    };
  };
}

/**
 * What a field costs: 1, and a list its bound times its selection. A connection's bound is its page
 * size (`first`, default 20); a plain list's is the most items it can hold (list-bounds.ts: a maximum
 * the writes enforce, or the organization's largest such list today), so nesting multiplies as it
 * does at execution: `reviews { subject { reviews { … } } }` costs reviews × reviews × its selection.
 */
function listEstimator(sizes: ListSizes): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const selection = Math.max(childComplexity, 1);
    if (getNamedType(field.type).name.endsWith('Connection')) {
      const first = typeof args.first === 'number' ? Math.max(args.first, 1) : DEFAULT_PAGE_SIZE;
      return 1 + first * selection;
    }
    // Introspection's lists (types, fields, args…) hold the schema, which no request can grow: 1 per field, as before.
    if (!isListType(getNullableType(field.type)) || type.name.startsWith('__')) return undefined;
    const bound = listBound(type, field.name);
    // The plugin checks at start that every list has a bound (unboundedLists); this is that check failing late.
    if (!bound) throw new Error(`list field ${type.name}.${field.name} has no bound in list-bounds.ts`);
    return 1 + Math.max(bound.size(sizes), 1) * selection;
  };
}

/** The estimated cost of a document; `sizes` are the caller's organization's measured list sizes (see measuresOf). */
export function queryCost(
  schema: GraphQLSchema,
  query: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
  sizes: Partial<ListSizes> = {},
): number {
  return getComplexity({
    schema,
    query,
    variables,
    operationName,
    estimators: [listEstimator({ ...UNMEASURED, ...sizes }), simpleEstimator({ defaultComplexity: 1 })],
  });
}

export function costLimitError(cost: number, maxCost = MAX_COST): GraphQLError {
  return new GraphQLError(
    `クエリのコスト ${cost} が上限 ${maxCost} を超えています。取得件数（first）、入れ子にした一覧（reviews、history など）や項目を減らしてください。`,
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
  );
}
