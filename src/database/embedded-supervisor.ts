import { describeError, JsonLogger } from '../common/json-logger';
import { EmbeddedDatabase } from './embedded-database';

const CONTEXT = 'EmbeddedPostgres';

/**
 * Keeps the embedded PostgreSQL running for as long as the app runs. When the server dies (killed,
 * crashed, stopped by someone else) it is started again on the same port, so the app's connection
 * pools reconnect by themselves; meanwhile requests are answered SERVICE_UNAVAILABLE. A server that
 * dies leaves its postmaster.pid behind and its processes go away over a moment: the restart is tried
 * once a second until it succeeds.
 *
 * It notices a death at once when this process started the server (the postmaster's exit), and
 * otherwise within a check interval (postmaster.pid names no running server).
 */
export class EmbeddedSupervisor {
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  private stopped = false;
  private downSince: number | undefined;
  /** The postmaster this supervisor asked to shut down fast (it was asked to shut down smartly by someone else). */
  private hastened: number | undefined;

  constructor(
    private readonly database: EmbeddedDatabase,
    private readonly logger: JsonLogger,
    private readonly checkEveryMs = 1000,
  ) {}

  start(): void {
    this.watchOwnPostmaster();
    this.timer = setInterval(() => void this.check(), this.checkEveryMs).unref();
  }

  /** Stops watching (before the app stops the server itself), after a restart under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.restarting;
  }

  private watchOwnPostmaster(): void {
    const postmaster = this.database.ownPostmaster;
    postmaster?.once('exit', (exitCode, signal) => {
      if (this.stopped) return;
      this.logger.write('error', 'the embedded PostgreSQL exited; restarting it', CONTEXT, undefined, {
        pid: postmaster.pid,
        exitCode,
        signal,
      });
      void this.check();
    });
  }

  private check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.restarting ??= this.keepRunning().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  private async keepRunning(): Promise<void> {
    const live = this.database.liveServer();
    if (live) {
      const own = this.database.ownPostmaster;
      if (live.port !== this.database.port) {
        this.logger.repeated('embedded-other-server', 'error', 'another PostgreSQL server runs on the data directory', CONTEXT, {
          pid: live.pid,
          port: live.port,
          ourPort: this.database.port,
        });
      } else if (own?.pid === live.pid && live.status === 'stopping' && this.hastened !== live.pid) {
        // Someone asked our server for a smart shutdown, which waits for every session to end: the
        // app's pools never let go. Make it a fast one, so that it ends and is started again.
        this.hastened = live.pid;
        this.logger.write('warn', 'the embedded PostgreSQL is shutting down; hastening it to restart it', CONTEXT, undefined, {
          pid: live.pid,
        });
        own.kill('SIGINT');
      }
      return;
    }
    this.downSince ??= Date.now();
    try {
      await this.database.restart((message) => this.logger.write('info', message, CONTEXT));
    } catch (error) {
      if (this.stopped) return;
      this.logger.repeated('embedded-restart-failed', 'error', 'could not restart the embedded PostgreSQL yet; trying again', CONTEXT, {
        ...describeError(error),
      });
      return;
    }
    this.logger.write('info', 'the embedded PostgreSQL runs again', CONTEXT, undefined, {
      port: this.database.port,
      pid: this.database.ownPostmaster?.pid,
      downForMs: Date.now() - this.downSince,
    });
    this.downSince = undefined;
    this.watchOwnPostmaster();
  }
}
