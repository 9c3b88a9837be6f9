import { EXCEL_MAX_ROWS, inflatingLedger, socialMediaLedger } from '../bench/large-sheet';
import { Role } from '../src/common/role';
import { ImportSlots } from '../src/ledgers/import-slots';
import { organizationWithRoles, startApp, TestApp } from './support/harness';

/**
 * Issue 9, part 3: an upload costs what an import may take, not what the file holds. The files are
 * built here (bench/large-sheet.ts streams the sheet's XML into the zip), never committed.
 */
describe('ledger uploads bounded before they cost', () => {
  let testApp: TestApp;
  let excelMax: Buffer;
  beforeAll(async () => {
    // One upload parsed at a time, and no wait: a taken slot answers 503 at once.
    testApp = await startApp({ IMPORT_PARSE_CONCURRENCY: '1', IMPORT_WAIT_MS: '0' });
    excelMax = await socialMediaLedger(EXCEL_MAX_ROWS);
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function upload(app: TestApp, bytes: Buffer, token: string, dryRun = false): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)]), 'accounts.xlsx');
    return fetch(`${app.url}/api/ledgers/social-media-accounts/import?dryRun=${dryRun}`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${token}` },
    });
  }

  async function saved(app: TestApp, token: string): Promise<{ subjects: number; imports: number }> {
    const result = await app.gql(
      `{ subjects(first: 1) { totalCount } auditEvents(first: 100, filter: { action: "LEDGER_IMPORTED" }) { nodes { id } } }`,
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    return { subjects: result.data!.subjects.totalCount, imports: result.data!.auditEvents.nodes.length };
  }

  it('imports a small file built the same way, so the refusals below are the limits and not the builder', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const response = await upload(testApp, await socialMediaLedger(6), tokens[Role.PROCUREMENT_OFFICER]);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { rows: unknown[] };
    expect(answer).toMatchObject({ dryRun: false, created: 5, errors: [] });
    expect(answer.rows[4]).toEqual({ row: 6, action: 'CREATE', key: 'YouTube @a6' });
    expect(await saved(testApp, tokens[Role.ADMIN])).toEqual({ subjects: 5, imports: 1 });
  });

  it(`refuses a sheet of ${EXCEL_MAX_ROWS.toLocaleString('en')} rows with the row limit, saving nothing`, async () => {
    expect(excelMax.length).toBeLessThan(20 * 1024 * 1024);
    const { tokens } = await organizationWithRoles(testApp);
    for (const dryRun of [false, true]) {
      const response = await upload(testApp, excelMax, tokens[Role.PROCUREMENT_OFFICER], dryRun);
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 400,
        body: {
          error: {
            code: 'BAD_USER_INPUT',
            message: 'file: 一度に取り込めるのは50,000行までです（50,000行を超えています）。',
            fieldErrors: [{ field: 'file', message: '一度に取り込めるのは50,000行までです（50,000行を超えています）。' }],
          },
        },
      });
    }
    expect(await saved(testApp, tokens[Role.ADMIN])).toEqual({ subjects: 0, imports: 0 });
  });

  it('refuses a zip whose sheet declares 10 KiB and inflates past 256 MiB, saving nothing', async () => {
    const bomb = await inflatingLedger(300);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const { tokens } = await organizationWithRoles(testApp);
    const response = await upload(testApp, bomb, tokens[Role.ADMIN]);
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: {
        error: {
          code: 'BAD_USER_INPUT',
          message: 'file: 表計算のファイル（.xlsx 又は CSV）として読めません: 展開後のサイズが上限（256 MiB）を超えます。',
          fieldErrors: [
            { field: 'file', message: '表計算のファイル（.xlsx 又は CSV）として読めません: 展開後のサイズが上限（256 MiB）を超えます。' },
          ],
        },
      },
    });
    expect(await saved(testApp, tokens[Role.ADMIN])).toEqual({ subjects: 0, imports: 0 });
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while every parsing slot is taken, and imports once one is free', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const file = await socialMediaLedger(3);
    const release = await testApp.app.get(ImportSlots).take();
    let busy: Response;
    try {
      busy = await upload(testApp, file, tokens[Role.PROCUREMENT_OFFICER]);
    } finally {
      release();
    }
    expect({ status: busy.status, retryAfter: busy.headers.get('retry-after'), body: await busy.json() }).toEqual({
      status: 503,
      retryAfter: '5',
      body: { error: { code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('5秒ほど待ってから') } },
    });
    expect(await saved(testApp, tokens[Role.ADMIN])).toEqual({ subjects: 0, imports: 0 });

    const free = await upload(testApp, file, tokens[Role.PROCUREMENT_OFFICER]);
    expect({ status: free.status, created: ((await free.json()) as { created: number }).created }).toEqual({ status: 200, created: 2 });
  });

  it('lets an upload wait for a turn (IMPORT_WAIT_MS) and parses it when the slot comes free', async () => {
    const waitingApp = await startApp({ IMPORT_PARSE_CONCURRENCY: '1', IMPORT_WAIT_MS: '60000' });
    try {
      const { tokens } = await organizationWithRoles(waitingApp);
      const slots = waitingApp.app.get(ImportSlots);
      const release = await slots.take();
      let answered = false;
      const answer = upload(waitingApp, await socialMediaLedger(3), tokens[Role.PROCUREMENT_OFFICER]).finally(() => {
        answered = true;
      });
      try {
        // The request reaches the gate after its upload is read: wait until it stands in line (or was answered, which fails below).
        while (slots.queued === 0 && !answered) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(slots.queued).toBe(1);
      } finally {
        release();
      }
      const response = await answer;
      expect({ status: response.status, created: ((await response.json()) as { created: number }).created }).toEqual({
        status: 200,
        created: 2,
      });
      expect(slots.queued).toBe(0);
    } finally {
      await waitingApp.close();
    }
  });
});
