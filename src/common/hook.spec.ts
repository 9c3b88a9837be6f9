import { Context } from './context';
import { Hook } from './hook';

describe('Hook', () => {
  const ctx = Context.system({ id: '00000000-0000-4000-8000-000000000001', timeZone: 'Asia/Tokyo' });

  it('runs every listener with the context and the arguments, one after another in the order they registered', async () => {
    const hook = new Hook<[id: string, active: boolean]>('test.changed');
    const calls: string[] = [];
    hook.register(async (c, id, active) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      calls.push(`first ${c.organizationId} ${id} ${active}`);
    });
    hook.register((_c, id) => {
      calls.push(`second ${id}`);
      return Promise.resolve();
    });

    await hook.run(ctx, 'u1', false);

    expect(calls).toEqual(['first 00000000-0000-4000-8000-000000000001 u1 false', 'second u1']);
    expect(hook.listenerCount).toBe(2);
  });

  it('stops at a listener that throws and hands its error to the caller, whose transaction then rolls back', async () => {
    const hook = new Hook<[]>('test.failing');
    const after = jest.fn(() => Promise.resolve());
    hook.register(() => Promise.reject(new Error('listener failed')));
    hook.register(after);

    await expect(hook.run(ctx)).rejects.toThrow('listener failed');
    expect(after).not.toHaveBeenCalled();
  });

  it('does nothing when nobody listens', async () => {
    await expect(new Hook<[]>('test.silent').run(ctx)).resolves.toBeUndefined();
  });
});
