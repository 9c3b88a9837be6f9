import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { RequestBudget } from './request-budget';

/**
 * Per-request DataLoaders, created on first use: a page of N rows costs one query per related type.
 * Every use checks the request's budget first, so a query stopped for its time or size loads nothing more.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly budget?: RequestBudget) {}

  get<K, V>(name: string, create: () => DataLoader<K, V>): DataLoader<K, V> {
    this.budget?.check();
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = create();
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

export const Loaders = createParamDecorator((_data: unknown, context: ExecutionContext): LoaderRegistry => {
  return GqlExecutionContext.create(context).getContext<{ loaders: LoaderRegistry }>().loaders;
});

/** Orders rows as the keys asked for them; a missing key yields null. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const index = new Map(rows.map((row) => [keyOf(row), row]));
  return keys.map((key) => index.get(key) ?? null);
}
