import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './bootstrap';
import { JsonLogger } from './common/json-logger';
import { ConfigError, loadConfig } from './config/config';
import { DatabaseLocation, locateDatabase } from './database/database-location';
import { EmbeddedSupervisor } from './database/embedded-supervisor';
import { runPendingMigrations } from './database/migrate';
import { DemoSeed } from './seed/demo-seed';

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
  const logger = new JsonLogger(config.logLevel, config.logRepeatSeconds);
  const log = (message: string): void => logger.log(message, 'Startup');

  // What startup has brought up so far, for a signal that arrives at any point of it.
  const started: { location?: DatabaseLocation; supervisor?: EmbeddedSupervisor; app?: NestExpressApplication } = {};
  const release = async (): Promise<void> => {
    await started.supervisor?.stop();
    await started.location?.embedded?.release();
    logger.flushRepeated();
  };
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    // Ctrl-C under `npm start` delivers SIGINT twice (the terminal's and npm's forwarded copy): the
    // handler stays installed, so a second signal cannot end the process before the database is released.
    if (stopping) return;
    stopping = true;
    log(`${signal} received: finishing requests and shutting down`);
    try {
      await started.app?.close();
    } finally {
      // Only now, with every request answered: the embedded PostgreSQL this process started.
      await release();
      process.exit(0);
    }
  };
  // Listening from the start: a signal during startup also stops what has been started.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  const location = await locateDatabase(config, log);
  started.location = location;
  if (location.embedded) {
    // The embedded server is this app's to keep running: restarted when it dies (see EmbeddedSupervisor).
    started.supervisor = new EmbeddedSupervisor(location.embedded, logger);
    started.supervisor.start();
  }
  try {
    if (config.runMigrations) {
      const applied = await runPendingMigrations(location.url);
      if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    }
    const app = await createApp(config, location.url, logger);
    const shouldSeed = config.seedDemo ?? location.embedded?.freshlyInitialised === true;
    const demoUsers = shouldSeed ? await app.get(DemoSeed).run() : undefined;

    started.app = app;
    await app.listen(config.port, config.host);
    const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
    if (config.appRole === 'worker') {
      process.stdout.write(`worker only (APP_ROLE=worker): jobs run here; health at http://${shownHost}:${config.port}/health\n`);
    } else {
      process.stdout.write(`GraphQL: http://${shownHost}:${config.port}/graphql\n`);
    }
    for (const user of demoUsers ?? []) {
      process.stdout.write(`demo sign-in: ${user.email} ${user.password} (${user.role})\n`);
    }
    if (demoUsers) process.stdout.write('(organization code: demo; the passwords are shown only now)\n');
  } catch (error) {
    logger.error(error instanceof Error ? error : String(error), undefined, 'Startup');
    await release();
    process.exit(1);
  }
}

void main();
