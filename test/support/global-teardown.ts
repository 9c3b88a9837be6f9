import { rmSync } from 'node:fs';
import { EmbeddedDatabase } from '../../src/database/embedded-database';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __embeddedDatabase?: EmbeddedDatabase }).__embeddedDatabase;
  if (embedded) {
    await embedded.release();
    if (process.env.TEST_DATA_DIR) rmSync(process.env.TEST_DATA_DIR, { recursive: true, force: true });
  }
  if (process.env.TEST_RUN_DIR) rmSync(process.env.TEST_RUN_DIR, { recursive: true, force: true });
}
