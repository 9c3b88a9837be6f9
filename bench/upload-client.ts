import { readFileSync } from 'node:fs';

/**
 * The client side, in a process of its own (`node dist/bench/upload-client.js URL TOKEN FILE COUNT`): sends COUNT uploads of
 * the file at once and checks that each is refused with the row limit.
 */
async function main([url, token, path, count]: string[]): Promise<void> {
  const file = readFileSync(path);
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Number(count) }, async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'accounts.xlsx');
      const response = await fetch(`${url}/api/ledgers/social-media-accounts/import?dryRun=true`, {
        method: 'POST',
        body: form,
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { error?: { message: string } };
      if (response.status !== 400 || !body.error?.message.includes('50,000行')) {
        throw new Error(`expected the row limit, got ${response.status}: ${JSON.stringify(body).slice(0, 500)}`);
      }
    }),
  );
  // The seconds from the first upload sent to the last answer.
  process.stdout.write(`${Number(process.hrtime.bigint() - started) / 1e9}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
