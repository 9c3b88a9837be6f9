import { BudgetSpent, RequestBudget } from './request-budget';
import { LoaderRegistry } from './loaders';

const LIMITS = { maxObjects: 100, maxResponseBytes: 10 * 1024, deadlineMs: 1000 };

describe('RequestBudget', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('counts nothing and refuses nothing until it is enforced (a mutation is never cut off)', () => {
    const budget = new RequestBudget();
    budget.add(1_000_000, 1_000_000_000);
    expect(() => budget.check()).not.toThrow();
    expect(budget.spent).toBeUndefined();
    expect(budget.enforced).toBe(false);
  });

  it('is spent past its objects, and stays spent', () => {
    const budget = new RequestBudget();
    budget.enforce(LIMITS);
    budget.add(100, 0);
    expect(() => budget.check()).not.toThrow();
    budget.add(1, 0);
    expect(budget.spent).toBeInstanceOf(BudgetSpent);
    expect(budget.spent!.message).toBe(
      'クエリが返すオブジェクトの数が上限 100 を超えたため中止しました。取得件数や入れ子にした一覧を減らしてください。',
    );
    expect(() => budget.check()).toThrow(budget.spent);
    budget.add(0, 1_000_000);
    expect(budget.spent!.message).toContain('オブジェクトの数');
  });

  it('is spent past its answer bytes', () => {
    const budget = new RequestBudget();
    budget.enforce(LIMITS);
    budget.add(1, 10 * 1024);
    expect(budget.spent).toBeUndefined();
    budget.add(0, 1);
    expect(budget.spent!.message).toBe('クエリの応答の大きさが上限 10 KB を超えたため中止しました。取得件数や項目を減らしてください。');
  });

  it('is spent past its deadline, counted from the request start', () => {
    jest.useFakeTimers({ now: 0 });
    const budget = new RequestBudget();
    jest.advanceTimersByTime(600);
    budget.enforce(LIMITS);
    expect(() => budget.check()).not.toThrow();
    jest.advanceTimersByTime(401);
    expect(() => budget.check()).toThrow('クエリの実行時間が上限 1 秒を超えたため中止しました。取得件数や項目を減らしてください。');
    expect(budget.spent).toBeInstanceOf(BudgetSpent);
  });

  it('stops the request’s DataLoaders once spent', () => {
    const budget = new RequestBudget();
    budget.enforce(LIMITS);
    const loaders = new LoaderRegistry(budget);
    let created = 0;
    const create = () => {
      created++;
      return { load: () => Promise.resolve(1) } as never;
    };
    loaders.get('users', create);
    budget.add(101, 0);
    expect(() => loaders.get('users', create)).toThrow(BudgetSpent);
    expect(() => loaders.get('vendors', create)).toThrow(BudgetSpent);
    expect(created).toBe(1);
  });
});
