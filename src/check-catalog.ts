import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Context } from './common/context';
import { loadConfig } from './config/config';
import { EmbeddedDatabase } from './database/embedded-database';
import { runPendingMigrations } from './database/migrate';
import { OperatorModule } from './operator.module';
import { DEFAULT_TIME_ZONE } from './organizations/organizations.service';
import { ReferenceCatalog, referenceCatalogProblems } from './requirements/reference-catalog';
import { RequirementsRepository } from './requirements/requirements.repository';

const ROOT = resolve(__dirname, '..', '..', '..');
const DEFAULT_REFERENCE = join(ROOT, '..', 'shared', 'reference', 'requirement-catalog.json');

/**
 * CI: the built-in catalog the migrations seed equals the shared reference catalog. Runs the
 * migrations on DATABASE_URL (or on an embedded PostgreSQL in a temporary directory) and reads the
 * catalog as the app reads it.
 *   node dist/src/check-catalog.js [reference.json]
 */
async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? DEFAULT_REFERENCE);
  if (!existsSync(file)) {
    process.stderr.write(`参照カタログ ${file} がありません。パスを引数で指定してください。\n`);
    process.exitCode = 2;
    return;
  }
  const reference = JSON.parse(readFileSync(file, 'utf8')) as ReferenceCatalog;

  let url = process.env.DATABASE_URL;
  let embedded: { database: EmbeddedDatabase; dir: string } | undefined;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'register-catalog-'));
    embedded = { database: new EmbeddedDatabase(dir), dir };
    url = await embedded.database.acquire();
  }
  try {
    await runPendingMigrations(url);
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: url });
    const app = await NestFactory.createApplicationContext(OperatorModule.forUrl(config, url), { logger: false });
    try {
      // An organization id nobody has: the catalog it sees is the built-in one alone.
      const nobody = Context.system({ id: randomUUID(), timeZone: DEFAULT_TIME_ZONE });
      const builtIn = (await app.get(RequirementsRepository).catalog(nobody)).filter((entry) => entry.builtIn);
      const problems = referenceCatalogProblems(reference, builtIn);
      if (problems.length) {
        process.stderr.write(`組み込みの要件カタログが ${file} と一致しません:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`組み込みの要件カタログ（${builtIn.length} 件）は ${file} と一致します。\n`);
    } finally {
      await app.close();
    }
  } finally {
    if (embedded) {
      await embedded.database.release();
      rmSync(embedded.dir, { recursive: true, force: true });
    }
  }
}

if (require.main === module) void main();
