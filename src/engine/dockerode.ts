// dockerode, without the start-up cost of what almost no command uses. dockerode loads its BuildKit session
// (gRPC and protobuf, most of its load time) and docker-modem its SSH transport (ssh2) when they are first
// required, which is at load. Both are modules that export one function: a stand-in that loads the real module
// on its first call takes their place in the CommonJS cache before dockerode loads, so `docker build` with a
// session and ssh:// endpoints work as before, and everything else never pays for them.
import Module, { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The modules deferred, by path: dockerode's BuildKit session, docker-modem's SSH agent. */
export function deferredModules(): string[] {
  const dockerode = require.resolve('dockerode');
  const modem = createRequire(dockerode).resolve('docker-modem');
  return [path.join(path.dirname(dockerode), 'session.js'), path.join(path.dirname(modem), 'ssh.js')];
}

/**
 * Puts in the CommonJS cache, for `file`, a function that requires the real module on its first call and calls
 * it. Nothing happens when the module is loaded already or absent (another dockerode layout: then it loads
 * eagerly, as it always did).
 */
export function deferModule(file: string): boolean {
  if (require.cache[file] !== undefined || !existsSync(file)) return false;
  let real: ((...args: unknown[]) => unknown) | undefined;
  const load = (): ((...args: unknown[]) => unknown) => {
    if (require.cache[file] === stub) delete require.cache[file];
    const loaded: unknown = require(file);
    if (typeof loaded !== 'function') throw new Error(`${file} does not export a function`);
    return loaded as (...args: unknown[]) => unknown;
  };
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = function deferred(this: unknown, ...args: unknown[]): unknown {
    real ??= load();
    return real.apply(this, args);
  };
  require.cache[file] = stub;
  return true;
}

for (const file of deferredModules()) deferModule(file);
// Imported once the stand-ins are in place: a static import would be evaluated before this module's body (in the
// bundle too, where external imports head the chunk).
const Docker = (await import('dockerode')).default;
export default Docker;
