import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig, ImportLimits } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { AppError, RETRY_AFTER_SECONDS } from '../common/errors';

/** Every slot is taken and none came free in time: 503 with Retry-After, the upload untouched. */
export const importsBusy = (): AppError =>
  new AppError(
    'SERVICE_UNAVAILABLE',
    `ほかのファイルの取り込みが重なっているため、今は受け付けられません。${RETRY_AFTER_SECONDS}秒ほど待ってからやり直してください。`,
    undefined,
    RETRY_AFTER_SECONDS,
  );

/**
 * The uploads one instance parses at a time (IMPORT_PARSE_CONCURRENCY): reading a spreadsheet takes a
 * core and memory in proportion to the rows it is allowed, so a burst of uploads queues here instead of
 * multiplying that. The others wait for a turn in arrival order, up to IMPORT_WAIT_MS, then are refused.
 */
@Injectable()
export class ImportSlots {
  private readonly limits: ImportLimits;
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.importLimits;
    this.free = this.limits.parseConcurrency;
  }

  /** Uploads waiting for a turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Takes a slot, waiting for one at most IMPORT_WAIT_MS; answers the function that gives it back (once). */
  take(): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    if (this.limits.waitMs === 0) return Promise.reject(importsBusy());
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        clearTimeout(timer);
        resolve(this.releaser());
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(grant), 1);
        reject(importsBusy());
      }, this.limits.waitMs);
      timer.unref();
      this.waiting.push(grant);
    });
  }

  /** Runs `work` in a slot. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await work();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next upload in line, so a newcomer cannot overtake it.
      if (next) next();
      else this.free++;
    };
  }
}
