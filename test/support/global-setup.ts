import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '../../src/database/embedded-database';
import { runPendingMigrations } from '../../src/database/migrate';

/**
 * The database every end-to-end test file shares: DATABASE_URL when set (CI runs the suite against
 * the machine's PostgreSQL this way), otherwise an embedded PostgreSQL in a temporary directory.
 * Tests never depend on each other's rows: each builds its own organization.
 */
export default async function globalSetup(): Promise<void> {
  // Every app a test starts keeps its files (DATA_DIR, the e-mail outbox) in here, never in ./data.
  const runDir = mkdtempSync(join(tmpdir(), 'register-test-run-'));
  // An embedded PostgreSQL in a data directory in here runs as the `postgres` user under root: it must pass through.
  chmodSync(runDir, 0o711);
  process.env.TEST_RUN_DIR = runDir;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'register-test-'));
    const embedded = new EmbeddedDatabase(dataDir);
    url = await embedded.acquire();
    (globalThis as { __embeddedDatabase?: EmbeddedDatabase }).__embeddedDatabase = embedded;
    process.env.TEST_DATA_DIR = dataDir;
  }
  process.env.TEST_DATABASE_URL = url;
  await runPendingMigrations(url);
}
