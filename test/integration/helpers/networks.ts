// A swarm network the test just created, once the manager's allocator has taken it. Until then the engine
// shows it with neither driver nor options (moby's BasicNetworkFromGRPC reads both from the allocated
// DriverState), so a check run at once may see an overlay without its `encrypted` option. On a busy machine
// that takes a moment.
import { sh } from '../../helpers/run.js';

/** Waits until `docker network inspect NAME` shows the overlay driver, at most TIMEOUT_MS; throws after that. */
export async function waitForAllocatedNetwork(name: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const driver = (await sh('docker', ['network', 'inspect', '--format', '{{.Driver}}', name])).trim();
    if (driver === 'overlay') return;
    if (Date.now() > end) throw new Error(`network ${name} was not allocated after ${timeoutMs} ms (driver "${driver}")`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
