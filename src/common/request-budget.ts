import { IntrinsicException } from '@nestjs/common';

/** What one query may spend while it runs (GRAPHQL_MAX_OBJECTS, GRAPHQL_MAX_RESPONSE_BYTES, GRAPHQL_DEADLINE_MS). */
export interface BudgetLimits {
  maxObjects: number;
  maxResponseBytes: number;
  deadlineMs: number;
}

/**
 * A query stopped because it spent its budget. Intrinsic: an expected answer, not a failure to log.
 * The client gets it as GRAPHQL_VALIDATION_FAILED, like the limits checked before a query runs.
 */
export class BudgetSpent extends IntrinsicException {}

const number = (value: number): string => value.toLocaleString('ja-JP');
const size = (bytes: number): string => (bytes >= 1024 * 1024 ? `${number(bytes / (1024 * 1024))} MB` : `${number(bytes / 1024)} KB`);

/**
 * One request's budget: objects resolved, bytes of the answer and a deadline, so that a query the
 * cost estimate let through still cannot hold the process. Every field resolution and every
 * DataLoader call checks it first; once it is spent it stays spent, so nothing of the request does
 * any more work, and the request is answered with the one reason it stopped.
 */
export class RequestBudget {
  private readonly started = performance.now();
  private limits: BudgetLimits | undefined;
  private objects = 0;
  private bytes = 0;
  /** Why the request stopped, once it has. */
  spent: BudgetSpent | undefined;

  /** Counts and checks from now on (queries only: a mutation's change is kept whole, not cut off after its commit). */
  enforce(limits: BudgetLimits): void {
    this.limits = limits;
  }

  get enforced(): boolean {
    return this.limits !== undefined;
  }

  /** Throws the reason the request stopped, if it has or if its time is up. */
  check(): void {
    if (this.spent) throw this.spent;
    const limits = this.limits;
    if (limits && performance.now() - this.started > limits.deadlineMs) {
      this.stop(
        `クエリの実行時間が上限 ${number(limits.deadlineMs / 1000)} 秒を超えたため中止しました。取得件数や項目を減らしてください。`,
      );
    }
  }

  /** Adds what one field resolved: `objects` objects and about `bytes` bytes of the answer. */
  add(objects: number, bytes: number): void {
    const limits = this.limits;
    if (!limits || this.spent) return;
    this.objects += objects;
    this.bytes += bytes;
    if (this.objects > limits.maxObjects) {
      this.spent = new BudgetSpent(
        `クエリが返すオブジェクトの数が上限 ${number(limits.maxObjects)} を超えたため中止しました。取得件数や入れ子にした一覧を減らしてください。`,
      );
    } else if (this.bytes > limits.maxResponseBytes) {
      this.spent = new BudgetSpent(
        `クエリの応答の大きさが上限 ${size(limits.maxResponseBytes)} を超えたため中止しました。取得件数や項目を減らしてください。`,
      );
    }
  }

  private stop(message: string): never {
    this.spent = new BudgetSpent(message);
    throw this.spent;
  }
}
