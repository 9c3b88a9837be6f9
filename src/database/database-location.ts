import { AppConfig } from '../config/config';
import { EmbeddedDatabase } from './embedded-database';

export interface DatabaseLocation {
  url: string;
  /** Set when the embedded server runs for this process (started here or found running). */
  embedded?: EmbeddedDatabase;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR, started if none runs there. */
export async function locateDatabase(config: AppConfig, log: (message: string) => void): Promise<DatabaseLocation> {
  if (config.databaseUrl) return { url: config.databaseUrl };
  const embedded = new EmbeddedDatabase(config.dataDir);
  const url = await embedded.acquire(log);
  return { url, embedded };
}
