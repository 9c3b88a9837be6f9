import autocannon from 'autocannon';
import { Client } from 'pg';
import { BENCH_PASSWORD, benchAdminEmail, benchOrganizationCode } from './generate';

/**
 * Sign-in floods of issue 9: wrong passwords for one account (the ADMIN of bench-02) as fast as the
 * connections go, first from one address, then from a new address on every request, while other
 * connections load the subjects page of bench-01 and the account's owner signs in from the address
 * they use every day. Prints how the flood was answered, the page's latency beside the page alone,
 * the owner's sign-ins, the LOGIN_FAILED audit events the flood left and the service's RSS. Each
 * flood starts with no sign-in counters (the bench deletes them) and the owner signed in once. The service
 * runs with TRUST_PROXY=loopback, so X-Forwarded-For is the client address.
 */

export interface FloodService {
  url: string;
  /** The service's resident memory in MiB, when it can be read. */
  rssMiB: () => number | undefined;
}

export interface FloodSettings {
  connections: number;
  durationSeconds: number;
}

const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
/** The owner's everyday address (TEST-NET-2): signed in from before the flood, so it is a known one. */
const OWNER_ADDRESS = '198.51.100.20';
/** The single attacking address (TEST-NET-3). */
const ATTACKER_ADDRESS = '203.0.113.66';
const OWNER_SIGN_INS = 5;

interface SignIn {
  status: number;
  ms: number;
  signedIn: boolean;
}

async function ownerSignIn(url: string, organizationCode: string): Promise<SignIn> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': OWNER_ADDRESS },
    body: JSON.stringify({
      query: LOGIN,
      variables: { input: { organizationCode, email: benchAdminEmail(organizationCode), password: BENCH_PASSWORD } },
    }),
  });
  const json = (await response.json()) as { data?: { login?: { accessToken?: string } } };
  return { status: response.status, ms: performance.now() - started, signedIn: Boolean(json.data?.login?.accessToken) };
}

/**
 * The organization's LOGIN_FAILED audit events, written and pending: failures are audited as one
 * event per account, address and minute, written once the minute is over (sign_in_throttles holds
 * the count until then).
 */
async function failedSignInEvents(databaseUrl: string, organizationCode: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ written: string; pending: string }>(
      `SELECT (SELECT count(*) FROM audit_events e WHERE e.organization_id = o.id AND e.action = 'LOGIN_FAILED') AS written,
              (SELECT count(*) FROM sign_in_throttles t WHERE t.organization_id = o.id AND t.audit_count > 0) AS pending
         FROM organizations o WHERE o.code = $1`,
      [organizationCode],
    );
    return Number(rows[0].written) + Number(rows[0].pending);
  } finally {
    await client.end();
  }
}

/** Every sign-in counter of the bench database: each flood starts from none, as on a quiet day (a throwaway database). */
async function forgetSignInCounters(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DELETE FROM sign_in_throttles');
  } finally {
    await client.end();
  }
}

/** One address for every request, or a new one (10.x.y.z) for each. */
function floodRequest(organizationCode: string, addresses: 'one' | 'many'): autocannon.Request {
  let next = 0;
  const body = JSON.stringify({
    query: LOGIN,
    variables: { input: { organizationCode, email: benchAdminEmail(organizationCode), password: 'wrong-password-of-a-flood' } },
  });
  return {
    method: 'POST',
    path: '/graphql',
    body,
    setupRequest: (request) => {
      next += 1;
      const address = addresses === 'one' ? ATTACKER_ADDRESS : `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`;
      return { ...request, headers: { ...request.headers, 'content-type': 'application/json', 'x-forwarded-for': address } };
    },
  };
}

const fmtMs = (ms: number): string => `${ms.toFixed(1)} ms`;
const fmtMiB = (mib: number | undefined): string => (mib === undefined ? 'n/a' : `${mib.toFixed(0)} MiB`);

/** Runs both floods; returns how many requests were not answered as they must be (owner refused, page failed). */
export async function loginFloods(
  service: FloodService,
  databaseUrl: string,
  page: { body: string; token: string; aloneP50: number; aloneP99: number },
  settings: FloodSettings,
  log: (line?: string) => void,
): Promise<number> {
  const organizationCode = benchOrganizationCode(2);
  let failures = 0;
  for (const addresses of ['one', 'many'] as const) {
    await forgetSignInCounters(databaseUrl);
    const known = await ownerSignIn(service.url, organizationCode);
    if (!known.signedIn) throw new Error(`the owner of ${organizationCode} cannot sign in before the flood (HTTP ${known.status})`);
    const eventsBefore = await failedSignInEvents(databaseUrl, organizationCode);
    const rssBefore = service.rssMiB();
    const owner: SignIn[] = [];
    const ownerDuring = (async () => {
      for (let i = 0; i < OWNER_SIGN_INS; i++) {
        await new Promise((wake) => setTimeout(wake, ((settings.durationSeconds * 1000) / (OWNER_SIGN_INS + 1)) | 0));
        owner.push(await ownerSignIn(service.url, organizationCode));
      }
    })();
    const [flood, pageLoad] = await Promise.all([
      autocannon({
        title: `login flood from ${addresses} address(es)`,
        url: service.url,
        connections: settings.connections,
        duration: settings.durationSeconds,
        requests: [floodRequest(organizationCode, addresses)],
      }),
      autocannon({
        title: 'page during login flood',
        url: `${service.url}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${page.token}` },
        body: page.body,
        connections: settings.connections,
        duration: settings.durationSeconds,
      }),
      ownerDuring,
    ]);
    const eventsAfter = await failedSignInEvents(databaseUrl, organizationCode);
    const rssAfter = service.rssMiB();
    const codes = Object.entries((flood.statusCodeStats ?? {}) as Record<string, { count: number }>)
      .map(([code, { count }]) => `${count} × HTTP ${code}`)
      .join(', ');
    log();
    log(
      `login flood, wrong passwords for ${benchAdminEmail(organizationCode)} from ${addresses === 'one' ? `one address` : 'a new address per request'} ` +
        `(${settings.connections} connections, ${settings.durationSeconds} s), beside the subjects page (${settings.connections} connections):`,
    );
    log(
      `  flood: ${flood.requests.total} sent, ${(flood.requests.total / flood.duration).toFixed(1)} req/s, ${codes}; ` +
        `p50 ${fmtMs(flood.latency.p50)} p99 ${fmtMs(flood.latency.p99)}`,
    );
    log(
      `  subjects page meanwhile: ${(pageLoad.requests.total / pageLoad.duration).toFixed(1)} req/s, p50 ${fmtMs(pageLoad.latency.p50)} ` +
        `p99 ${fmtMs(pageLoad.latency.p99)} (alone: p50 ${fmtMs(page.aloneP50)} p99 ${fmtMs(page.aloneP99)})`,
    );
    const ownerIn = owner.filter((s) => s.signedIn).length;
    log(
      `  the owner from their own address: ${ownerIn} of ${owner.length} sign-ins succeeded, ` +
        `${owner.map((s) => fmtMs(s.ms)).join(' / ')}${ownerIn < owner.length ? ` (HTTP ${owner.map((s) => s.status).join(', ')})` : ''}`,
    );
    log(
      `  LOGIN_FAILED audit events (written or pending) added: ${eventsAfter - eventsBefore}; service RSS before ${fmtMiB(rssBefore)}, after ${fmtMiB(rssAfter)}`,
    );
    failures += owner.length - ownerIn + pageLoad.non2xx + pageLoad.errors + pageLoad.timeouts;
  }
  return failures;
}
