// dockerode, without the start-up cost of what almost no command uses: ./dockerode-defer.ts, evaluated first,
// puts stand-ins for its BuildKit session and docker-modem's SSH transport in the CommonJS cache, so `docker build`
// with a session and ssh:// endpoints load them when they run, and everything else never does.
import './dockerode-defer.js';
import Docker from 'dockerode';

export { deferModule, deferredModules } from './dockerode-defer.js';
export default Docker;
