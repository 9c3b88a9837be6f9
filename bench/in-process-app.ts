import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/bootstrap';
import { JsonLogger } from '../src/common/json-logger';
import { loadConfig } from '../src/config/config';
import { EmbeddedDatabase } from '../src/database/embedded-database';
import { runPendingMigrations } from '../src/database/migrate';
import { ProvisioningService } from '../src/provisioning/provisioning.service';

const PASSWORD = 'bench in-process password 0123';

export interface BenchApp {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** The bearer token of the ADMIN of a fresh organization of its own. */
  token: string;
}

/**
 * Runs `work` against the app started in this process on an embedded PostgreSQL in a temporary
 * directory (or on DATABASE_URL, migrated first), signed in as the ADMIN of a fresh organization
 * `<prefix>-<time>`. Stops the app and the embedded database and removes the directory afterwards.
 */
export async function withInProcessApp(prefix: string, work: (app: BenchApp) => Promise<void>): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    // A directory of its own directly under the temporary directory, as the embedded database needs.
    dataDir = mkdtempSync(join(tmpdir(), `${prefix}-data-`));
    embedded = new EmbeddedDatabase(dataDir);
    url = await embedded.acquire();
  }
  try {
    await runPendingMigrations(url);
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'error', DATABASE_URL: url });
    const app = await createApp(config, url, new JsonLogger('error'));
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    try {
      const code = `${prefix}-${Date.now().toString(36)}`;
      const email = `admin@${code}.example.jp`;
      await app
        .get(ProvisioningService)
        .provision(null, { code, name: 'ベンチ用団体' }, { email, displayName: '管理者', password: PASSWORD, mustChangePassword: false });
      const signIn = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
          variables: { input: { organizationCode: code, email, password: PASSWORD } },
        }),
      });
      const token = ((await signIn.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
      await work({ base, token });
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.release();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
