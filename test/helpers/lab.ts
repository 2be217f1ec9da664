// The two-node lab (scripts/lab.sh) for the tests that use it. `npm test` brings it up, with the swarmguard image
// on every node, before any test runs, and says so with SWARMGUARD_LAB_READY=1: the lab tests then run beside the
// tests on the default engine (vitest project `lab`), and must not touch that engine, which one of those tests
// restarts. A lab test file run on its own brings the lab up itself (idempotent; the lab is never taken down).
import { sh } from './run.js';

/** The lab manager's DOCKER_HOST, once the lab is up (with the swarmguard image when `withImage`). */
export async function labManager(withImage = false): Promise<string> {
  if (process.env.SWARMGUARD_LAB_READY !== '1') {
    if (withImage) await sh('bash', ['scripts/images/swarmguard-image.sh']);
    await sh('bash', ['scripts/lab.sh', 'up', '2']);
  }
  const m = /^node1 DOCKER_HOST=(\S+)/m.exec(await sh('bash', ['scripts/lab.sh', 'env']));
  if (!m?.[1]) throw new Error('scripts/lab.sh env named no manager: is the lab up? (bash scripts/lab.sh up 2)');
  return m[1];
}
