import 'reflect-metadata';
import { createApp } from './bootstrap';
import { JsonLogger } from './common/json-logger';
import { ConfigError, loadConfig } from './config/config';
import { createDataSource } from './database/data-source';
import { locateDatabase } from './database/database-location';
import { runPendingMigrations } from './database/migrate';
import { seedDemo } from './seed/demo-seed';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = new JsonLogger(config.logLevel);
  const log = (message: string): void => logger.log(message, 'Startup');

  const location = await locateDatabase(config, log);
  const release = async (): Promise<void> => {
    await location.embedded?.release();
  };
  try {
    if (config.runMigrations) {
      const applied = await runPendingMigrations(location.url);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    }
    const shouldSeed = config.seedDemo ?? (location.embedded?.freshlyInitialised === true);
    const demoUsers = shouldSeed ? await seedWith(location.url) : undefined;

    const app = await createApp(config, location.url, logger);
    await app.listen(config.port, config.host);
    const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
    const url = `http://${shownHost}:${config.port}/graphql`;
    process.stdout.write(`GraphQL: ${url}\n`);
    for (const user of demoUsers ?? []) {
      process.stdout.write(`demo sign-in: ${user.email} ${user.password} (${user.role})\n`);
    }
    if (demoUsers) process.stdout.write('(organization code: demo; the passwords are shown only now)\n');

    let stopping = false;
    const stop = async (signal: string): Promise<void> => {
      if (stopping) return;
      stopping = true;
      log(`${signal} received: finishing requests and shutting down`);
      try {
        await app.close();
      } finally {
        await release();
        process.exit(0);
      }
    };
    process.once('SIGTERM', () => void stop('SIGTERM'));
    process.once('SIGINT', () => void stop('SIGINT'));
  } catch (error) {
    logger.error(error instanceof Error ? error : String(error), undefined, 'Startup');
    await release();
    process.exit(1);
  }
}

async function seedWith(url: string) {
  const dataSource = await createDataSource({ url, poolSize: 2 }).initialize();
  try {
    return await seedDemo(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

void main();
