import {
  defaultFieldResolver,
  getNamedType,
  GraphQLFieldResolver,
  GraphQLResolveInfo,
  GraphQLSchema,
  isLeafType,
  isObjectType,
} from 'graphql';
import { RequestBudget } from '../common/request-budget';

/** How many objects a field's value adds to the answer, and about how many bytes (UTF-8 JSON, escapes aside). */
function sizeOf(leaf: boolean, info: GraphQLResolveInfo, value: unknown): [objects: number, bytes: number] {
  const key = String(info.path.key).length + 3;
  if (value === null || value === undefined) return [0, key + 4];
  if (leaf) return [0, key + leafBytes(value)];
  if (Array.isArray(value)) return [value.length, key + 2 + 3 * value.length];
  return [1, key + 2];
}

function leafBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8') + 2;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + leafBytes(item) + 1, 2);
  if (value instanceof Date) return 26;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value).length;
  // A JSON scalar (an audit event's changes).
  return JSON.stringify(value)?.length ?? 4;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Meters every field of a query against its request's budget (RequestBudget, enforced for queries
 * by the query limits plugin): checked before the field resolves, its objects and bytes added once
 * it has. One wrapper per field, made once for the schema: nothing is allocated per field of a
 * request that has no budget, and only a settled promise's value is counted.
 */
export function meterFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      const leaf = isLeafType(getNamedType(field.type));
      const metered: GraphQLFieldResolver<unknown, { budget?: RequestBudget }> = (source, args, context, info) => {
        const budget = context?.budget;
        if (!budget?.enforced) return resolve(source, args, context, info);
        budget.check();
        const result = resolve(source, args, context, info);
        if (isPromise(result)) {
          return result.then((value) => {
            budget.add(...sizeOf(leaf, info, value));
            return value;
          });
        }
        budget.add(...sizeOf(leaf, info, result));
        return result;
      };
      field.resolve = metered;
    }
  }
  return schema;
}
