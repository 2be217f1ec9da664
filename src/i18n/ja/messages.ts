// The Japanese catalogue of messages by id: one table per area, each keyed by the ids of that area's English book
// (src/<area>/messages.ts). A test holds every id of every book to a text here with the same placeholders.
import { JA_ANALYZERS } from './analyzers.js';
import { JA_AUTOSCAN } from './autoscan.js';
import { JA_BENCH } from './bench.js';
import { JA_BENCH_CLI } from './bench-cli.js';
import { JA_CLI } from './cli.js';
import { JA_COMPOSE } from './compose.js';
import { JA_COMPOSE_WAIVERS } from './compose-waivers.js';
import { JA_CORE } from './core.js';
import { JA_ENGINE } from './engine.js';
import { JA_HARDENING } from './hardening.js';
import { JA_HISTORY } from './history.js';
import { JA_IMAGE } from './image.js';
import { JA_IMAGE_CLI } from './image-cli.js';
import { JA_IMAGELINT } from './imagelint.js';
import { JA_NETWORK } from './network.js';
import { JA_NODE_SCAN } from './node-scan.js';
import { JA_NOTES } from './notes.js';
import { JA_PACKAGES } from './packages.js';
import { JA_POLICY } from './policy.js';
import { JA_REPORT } from './report.js';
import { JA_SCAN } from './scan.js';
import { JA_SECURITY_WORDS } from './security-words.js';
import { JA_STACK } from './stack.js';
import { JA_USAGE } from './usage.js';
import { JA_VEX } from './vex.js';
import { JA_VERIFY } from './verify.js';
import { JA_VERSIONS } from './versions.js';
import { JA_VULNDB } from './vulndb.js';

export const JA_MESSAGES: Readonly<Record<string, string>> = {
  ...JA_ANALYZERS,
  ...JA_AUTOSCAN,
  ...JA_BENCH,
  ...JA_BENCH_CLI,
  ...JA_CLI,
  ...JA_COMPOSE,
  ...JA_COMPOSE_WAIVERS,
  ...JA_CORE,
  ...JA_ENGINE,
  ...JA_HARDENING,
  ...JA_HISTORY,
  ...JA_IMAGE,
  ...JA_IMAGELINT,
  ...JA_IMAGE_CLI,
  ...JA_NETWORK,
  ...JA_NODE_SCAN,
  ...JA_NOTES,
  ...JA_PACKAGES,
  ...JA_POLICY,
  ...JA_REPORT,
  ...JA_SCAN,
  ...JA_SECURITY_WORDS,
  ...JA_STACK,
  ...JA_USAGE,
  ...JA_VEX,
  ...JA_VERIFY,
  ...JA_VERSIONS,
  ...JA_VULNDB,
};
