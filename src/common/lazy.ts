/**
 * For a property whose class comes from a module that imports this one: decorator metadata then
 * names the alias, not the class, so loading order does not matter (the GraphQL type is given lazily).
 */
export type Lazy<T> = T;
