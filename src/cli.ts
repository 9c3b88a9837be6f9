import 'reflect-metadata';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { passwordProblem, generatePassword } from './users/passwords';
import { AppError } from './common/errors';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { createDataSource } from './database/data-source';
import { DatabaseLocation, locateDatabase } from './database/database-location';
import { backupEmbedded, restoreEmbedded, RestoreRefused } from './database/embedded-backup';
import { runPendingMigrations } from './database/migrate';
import { OperatorModule } from './operator.module';
import { ProvisioningService } from './provisioning/provisioning.service';
import { UserPasswordsService } from './auth/user-passwords.service';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-organization --code <code> --name <name> --admin-email <email> [--admin-name <name>] [--time-zone <tz>]
      The admin's password comes from ADMIN_PASSWORD, or is generated and printed as "password: <value>".
  reset-password --organization <code> --email <email>
      A new password for a user who cannot sign in (a locked-out or forgotten admin): from ADMIN_PASSWORD
      (the same variable as create-organization, at least 12 characters), or generated and printed as
      "password: <value>", to be changed at the next sign-in. Lifts the sign-in locks and ends the
      user's sessions; a deactivated user stays deactivated. Audited as PASSWORD_RESET.
  backup <file>
      a backup of the embedded database (DATA_DIR) to <file>, a .tar.gz, while the service runs or not
  restore <file>
      replaces the embedded database with the backup in <file> (the service must be stopped; the
      database it replaces is kept beside it as postgres.before-restore-<time>), then applies the
      migrations this release has and the backup does not
      (With DATABASE_URL, use pg_dump and pg_restore: see docs/operations.md.)
  migration:run                      apply pending migrations
  migration:revert                   undo the last applied migration
  migration:generate <Name> [--check]
      write migrations/<timestamp>-<Name>.ts from the difference between the entities and the database;
      with --check, write nothing and exit 1 when there is a difference
`;

const ROOT = resolve(__dirname, '..', '..');

async function withDatabase<T>(work: (location: DatabaseLocation, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const location = await locateDatabase(config, (message) => process.stderr.write(`${message}\n`));
  try {
    return await work(location, config);
  } finally {
    await location.embedded?.release();
  }
}

/** The services of the operator module on the database at `url`, closed (with its connections) after `work`. */
async function withServices<T>(config: AppConfig, url: string, work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const app = await NestFactory.createApplicationContext(OperatorModule.forUrl(config, url), { logger: false });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function createOrganization(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      'time-zone': { type: 'string' },
    },
  });
  const missing = ['code', 'name', 'admin-email'].filter((option) => !values[option as keyof typeof values]);
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const given = process.env.ADMIN_PASSWORD;
  if (given !== undefined) {
    const problem = passwordProblem(given, { email: values['admin-email'], organizationCode: values.code });
    if (problem) throw new UsageError(`ADMIN_PASSWORD: ${problem}`);
  }
  const password = given ?? generatePassword();
  await withDatabase(async ({ url }, config) => {
    await runPendingMigrations(url);
    await withServices(config, url, async (app) => {
      const { organization, admin } = await app.get(ProvisioningService).provision(
        null,
        { code: values.code!, name: values.name!, timeZone: values['time-zone'] },
        {
          email: values['admin-email']!,
          displayName: values['admin-name'] ?? '管理者',
          password,
          mustChangePassword: given === undefined,
        },
      );
      process.stdout.write(`organization: ${organization.code} (${organization.id})\n`);
      process.stdout.write(`admin: ${admin.email}\n`);
      if (given === undefined) {
        process.stdout.write(`password: ${password}\n`);
        process.stdout.write('(a one-time password: the admin must change it at first sign-in)\n');
      }
    });
  });
}

async function resetPassword(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { organization: { type: 'string' }, email: { type: 'string' } } });
  const missing = ['organization', 'email'].filter((option) => !values[option as keyof typeof values]);
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const given = process.env.ADMIN_PASSWORD;
  if (given !== undefined) {
    const problem = passwordProblem(given, { email: values.email, organizationCode: values.organization });
    if (problem) throw new UsageError(`ADMIN_PASSWORD: ${problem}`);
  }
  const password = given ?? generatePassword();
  await withDatabase(async ({ url }, config) => {
    await withServices(config, url, async (app) => {
      const { user, wasLocked } = await app.get(UserPasswordsService).resetAsOperator({
        organizationCode: values.organization!,
        email: values.email!,
        password,
        mustChangePassword: given === undefined,
      });
      process.stdout.write(`user: ${user.email} (${values.organization})\n`);
      if (given === undefined) {
        process.stdout.write(`password: ${password}\n`);
        process.stdout.write('（一時パスワードです。次回サインイン時に変更が必要です）\n');
      }
      process.stdout.write(`${wasLocked ? 'サインインのロックを解除し、' : ''}この利用者のセッションをすべて終了しました。\n`);
      if (!user.active) process.stdout.write('注意: この利用者は無効化されています。サインインするには管理者が有効化してください。\n');
    });
  });
}

/** A path as the operator typed it: `npm run` runs in the project folder, INIT_CWD is where they were. */
function operatorPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

function embeddedOnly(config: AppConfig, command: string): void {
  if (config.databaseUrl) {
    throw new UsageError(`${command} is for the embedded database; with DATABASE_URL use pg_dump and pg_restore (docs/operations.md)`);
  }
}

async function backup(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('backup needs one file name, such as backup-2026-12-01.tar.gz');
  const file = operatorPath(positionals[0]);
  embeddedOnly(loadConfig(), 'backup');
  await withDatabase(async ({ url, embedded }) => {
    const manifest = await backupEmbedded(embedded!, url, file);
    process.stdout.write(`backup: ${file} (${statSync(file).size} bytes)\n`);
    process.stdout.write(`PostgreSQL ${manifest.postgresVersion}, ${manifest.migrations.length} migrations, taken ${manifest.createdAt}\n`);
  });
}

async function restore(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('restore needs the file of a backup');
  const file = operatorPath(positionals[0]);
  const config = loadConfig();
  embeddedOnly(config, 'restore');
  try {
    const { manifest, keptAs, applied } = await restoreEmbedded(config.dataDir, file, (message) => process.stderr.write(`${message}\n`));
    process.stdout.write(`restored: ${file} (taken ${manifest.createdAt}) into ${config.dataDir}\n`);
    process.stdout.write(applied.length ? `applied migrations: ${applied.join(', ')}\n` : 'no pending migrations\n');
    if (keptAs) process.stdout.write(`置き換える前のデータベースは ${keptAs} に残しました。不要になったら削除してください。\n`);
  } catch (error) {
    if (error instanceof RestoreRefused) throw new AppError('CONFLICT', error.message);
    throw error;
  }
}

async function migrationRun(): Promise<void> {
  await withDatabase(async ({ url }) => {
    const applied = await runPendingMigrations(url);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
  });
}

async function migrationRevert(): Promise<void> {
  await withDatabase(async ({ url }) => {
    const dataSource = await createDataSource({ url, poolSize: 2 }).initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    } finally {
      await dataSource.destroy();
    }
  });
}

async function migrationGenerate(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { check: { type: 'boolean' } }, allowPositionals: true });
  const name = positionals[0];
  if (!name || !/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new UsageError('migration:generate needs a name such as AddReviews');
  await withDatabase(async ({ url }) => {
    const dataSource = await createDataSource({ url, poolSize: 2 }).initialize();
    try {
      const sql = await dataSource.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        process.stdout.write('no changes: the database matches the entities\n');
        return;
      }
      if (values.check) {
        process.stdout.write('the entities and the migrations differ; a migration would run:\n');
        for (const query of sql.upQueries) process.stdout.write(`  ${query.query}\n`);
        process.exitCode = 1;
        return;
      }
      const timestamp = Date.now();
      const className = `${name}${timestamp}`;
      const escape = (query: string): string => query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
      const up = sql.upQueries.map(
        (q) => `    await queryRunner.query(\`${escape(q.query)}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
      );
      const down = sql.downQueries
        .reverse()
        .map(
          (q) => `    await queryRunner.query(\`${escape(q.query)}\`${q.parameters?.length ? `, ${JSON.stringify(q.parameters)}` : ''});`,
        );
      const file = `${timestamp}-${name}`;
      const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.join('\n')}
  }
}
`;
      const dir = join(ROOT, 'migrations');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${file}.ts`), source);
      const indexFile = join(dir, 'index.ts');
      const index = readFileSync(indexFile, 'utf8')
        .replace(/^(\/\/ Every migration[^\n]*\n)/m, `$1import { ${className} } from './${file}';\n`)
        .replace(/export const MIGRATIONS: Function\[\] = \[([^\]]*)\];/, (_m, list: string) => {
          const entries = list
            .split(',')
            .map((e) => e.trim())
            .filter(Boolean)
            .concat(className);
          return `export const MIGRATIONS: Function[] = [\n  ${entries.join(',\n  ')},\n];`;
        });
      writeFileSync(indexFile, index);
      process.stdout.write(`wrote migrations/${file}.ts (review it by hand before committing)\n`);
    } finally {
      await dataSource.destroy();
    }
  });
}

class UsageError extends Error {}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  'create-organization': createOrganization,
  'reset-password': resetPassword,
  backup,
  restore,
  'migration:run': migrationRun,
  'migration:revert': migrationRevert,
  'migration:generate': migrationGenerate,
};

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    process.stderr.write(USAGE);
    process.exit(command ? 2 : 0);
  }
  try {
    await run(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof AppError) {
      const fields = error.fieldErrors?.map((e) => `${e.field}: ${e.message}`).join('; ');
      process.stderr.write(`error: ${fields ?? error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
