import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent by a process and by the PostgreSQL backends of one database, read from /proc (Linux).
 * Requests per second move with whatever else the machine runs; CPU milliseconds per request much less,
 * and they tell whether the time goes in Node or in PostgreSQL. Undefined where /proc is not there.
 */

// USER_HZ: 100 on every mainstream Linux build.
const TICK_MS = 10;

function ticksOf(pid: string): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return ticksOf(String(pid)) * TICK_MS;
  } catch {
    return undefined;
  }
}

/** CPU milliseconds so far of every backend serving `database` (process title "postgres: user database host(port) state"), by pid. */
export function postgresBackends(database: string): Map<string, number> | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const backends = new Map<string, number>();
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (title.startsWith('postgres: ') && title.includes(` ${database} `)) backends.set(pid, ticksOf(pid) * TICK_MS);
    } catch {
      // the process ended meanwhile
    }
  }
  return backends;
}

/**
 * The CPU the backends used between two readings. Backends that started in between count whole; those
 * that ended in between are missed, which only the pools' idle timeout does here (idle backends use nothing).
 */
export function postgresCpuBetween(before: Map<string, number> | undefined, after: Map<string, number> | undefined): number | undefined {
  if (!before || !after) return undefined;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
