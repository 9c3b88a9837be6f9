import 'reflect-metadata';
import './enums';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { RESOLVERS } from './resolvers';
import { SCALARS_MAP } from './scalars';
import { SCHEMA_HEADER } from './schema-file';

export const SCHEMA_FILE = join(resolve(__dirname, '..', '..', '..'), 'graphql', 'schema.graphql');

export async function buildSchemaText(): Promise<string> {
  const app = await NestFactory.create(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(RESOLVERS, { scalarsMap: SCALARS_MAP });
    return SCHEMA_HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
  } finally {
    await app.close();
  }
}

/** Writes graphql/schema.graphql, or with --check fails when the committed file differs. */
async function main(): Promise<void> {
  const text = await buildSchemaText();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== text) {
      process.stderr.write('graphql/schema.graphql is out of date: run `npm run schema:generate` and commit it\n');
      process.exit(1);
    }
    process.stdout.write('graphql/schema.graphql is up to date\n');
    return;
  }
  writeFileSync(SCHEMA_FILE, text);
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

if (require.main === module) void main();
