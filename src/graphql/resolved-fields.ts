import { GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema, isObjectType } from 'graphql';

const RESOLVED = Symbol('resolved fields');

type WithResolved = { [RESOLVED]?: Record<string, unknown> };

/**
 * Gives an API object the values of some of its resolved fields, read ahead (a list page reads the
 * owners, vendors and statuses of its rows in its own statement): those fields answer them as they
 * are, without running their field resolver. Only for values the field resolver would give for
 * this request.
 */
export function withResolvedFields<T extends object>(target: T, values: Record<string, unknown>): T {
  (target as WithResolved)[RESOLVED] = values;
  return target;
}

/**
 * Makes every field that has a resolver answer a value given by `withResolvedFields` first. A
 * field resolver written with Nest runs its parameter decorators and pipes on every call: a page
 * of 100 rows calls each one 100 times.
 */
export function answerResolvedFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values((type as GraphQLObjectType).getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      const name = field.name;
      const answer: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
        const values = (source as WithResolved | null)?.[RESOLVED];
        return values !== undefined && name in values ? values[name] : resolve(source, args, context, info);
      };
      field.resolve = answer;
    }
  }
  return schema;
}
