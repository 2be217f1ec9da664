// Property tests run with a fixed seed, so that a run is repeatable and CI never fails on a case drawn by chance
// on one run only. FC_SEED=<n> explores other cases (e.g. FC_SEED=$RANDOM npm run test:unit); a failure prints
// the seed and path that reproduce it.
import fc from 'fast-check';

const seed = process.env.FC_SEED !== undefined && process.env.FC_SEED !== '' ? Number(process.env.FC_SEED) : 20261129;
fc.configureGlobal({ seed: Number.isFinite(seed) ? seed : 20261129 });
