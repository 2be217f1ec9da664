// swarmguard's own containers and services (bench jobs, probes): one label to recognise them by, and removal
// that still happens when the user interrupts the command (Ctrl-C, SIGTERM from CI).
import { randomBytes } from 'node:crypto';

/** The label every container and service swarmguard starts for itself carries; audits exclude them by it. */
export const ROLE_LABEL = 'com.swarmguard.role';
export type SelfRole = 'bench' | 'bench-fix' | 'probe' | 'scan';

export function roleLabels(role: SelfRole, extra: Record<string, string> = {}): Record<string, string> {
  return { [ROLE_LABEL]: role, ...extra };
}

const pending = new Set<() => Promise<unknown>>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      process.stderr.write(`\ninterrupted: removing what swarmguard started…\n`);
      const all = [...pending].map((fn) => fn().catch(() => undefined));
      const bound = new Promise((r) => setTimeout(r, 15_000).unref());
      void Promise.race([Promise.all(all), bound]).then(() => process.exit(code));
    });
  }
}

/**
 * Runs `work`, then `cleanup` — after success, failure, or an interrupt signal (then the process exits
 * 130/143 once the cleanup is done, or after 15 s).
 */
export async function withCleanup<T>(cleanup: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  install();
  pending.add(cleanup);
  try {
    return await work();
  } finally {
    pending.delete(cleanup);
    await cleanup().catch(() => undefined);
  }
}

/** A short random suffix that keeps names of concurrent runs apart. */
export function shortId(): string {
  return randomBytes(3).toString('hex');
}

/** A container/service name part from free text (stack, node hostname): [a-z0-9-] only, bounded. */
export function namePart(s: string, max = 20): string {
  const clean = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return (clean === '' ? 'x' : clean).slice(0, max);
}
