#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps the compiled code of swarmguard's modules between runs (a faster start); Node 20 has no such cache.
module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');
await main();
