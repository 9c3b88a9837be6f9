import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { JsonLogger } from './common/json-logger';
import { requestIdMiddleware } from './common/request-id.middleware';
import { AppConfig } from './config/config';

/** The configured Nest application, not yet listening. Used by main.ts and by the end-to-end tests. */
export async function createApp(config: AppConfig, databaseUrl: string, logger: JsonLogger): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl, logger), {
    logger,
    bodyParser: false,
  });
  app.use(requestIdMiddleware(logger, config.exposeSqlStatementCount));
  app.use(
    helmet({
      // The API serves JSON; the GraphQL workbench page sends its own policy (src/workbench/workbench-assets.ts).
      contentSecurityPolicy: {
        directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'] },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.disable('x-powered-by');
  // The client address (sign-in limits, logs) is the socket's unless TRUST_PROXY names the proxies in front.
  app.set('trust proxy', config.trustProxy);
  // No enableShutdownHooks: main.ts owns SIGTERM/SIGINT (close the app, stop the embedded PostgreSQL,
  // exit 0). Nest's listeners would re-raise the signal after closing and kill the process first.
  return app;
}
