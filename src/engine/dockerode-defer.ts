// Registers, before dockerode loads, stand-ins for the two modules it loads eagerly and almost no command uses:
// its BuildKit session (gRPC and protobuf, most of its load time) and docker-modem's SSH transport (ssh2). Both
// export one function; the stand-in loads the real module on its first call. Imported by ./dockerode.ts ahead of
// dockerode itself (an ES module's imports are evaluated in order).
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
