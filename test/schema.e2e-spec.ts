import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_HEADER } from '../src/graphql/schema-file';
import { startApp, TestApp } from './support/harness';

describe('graphql/schema.graphql', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('is exactly the schema the running app serves (no resolver missing from the generator)', () => {
    const live = testApp.app.get(GraphQLSchemaHost).schema;
    const committed = readFileSync(join(__dirname, '..', 'graphql', 'schema.graphql'), 'utf8');
    expect(committed).toBe(SCHEMA_HEADER + printSchema(lexicographicSortSchema(live)) + '\n');
  });
});
