import type { AppConfig } from '../config/config';
import { AppError } from '../common/errors';
import { ImportSlots } from './import-slots';

const slots = (parseConcurrency: number, waitMs: number): ImportSlots =>
  new ImportSlots({ importLimits: { parseConcurrency, waitMs } } as AppConfig);

describe('import slots', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('gives out as many slots as configured, then refuses at once when there is no wait', async () => {
    const gate = slots(2, 0);
    const first = await gate.take();
    await gate.take();
    const refused = await gate.take().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 5 });
    first();
    first(); // giving a slot back twice frees it once
    await gate.take();
    await expect(gate.take()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('hands a freed slot to the first upload waiting, in arrival order', async () => {
    const gate = slots(1, 60_000);
    const held = await gate.take();
    const order: string[] = [];
    const a = gate.take().then((release) => {
      order.push('a');
      return release;
    });
    const b = gate.take().then((release) => {
      order.push('b');
      return release;
    });
    expect(gate.queued).toBe(2);
    held();
    (await a)();
    (await b)();
    expect(order).toEqual(['a', 'b']);
    expect(gate.queued).toBe(0);
  });

  it('refuses an upload that waited IMPORT_WAIT_MS without a turn, and forgets it', async () => {
    jest.useFakeTimers();
    const gate = slots(1, 5000);
    const held = await gate.take();
    const waiting = gate.take();
    jest.advanceTimersByTime(5000);
    await expect(waiting).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(gate.queued).toBe(0);
    held();
    const again = await gate.take();
    again();
  });

  it('gives the slot back when the work fails', async () => {
    const gate = slots(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('broken file')))).rejects.toThrow('broken file');
    await expect(gate.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
