// The Japanese catalogue of messages by id: one table per area, each keyed by the ids of that area's English book
// (src/<area>/messages.ts). A test holds every id of every book to a text here with the same placeholders.
import { JA_CORE } from './core.js';
import { JA_HARDENING } from './hardening.js';
import { JA_IMAGELINT } from './imagelint.js';
import { JA_NETWORK } from './network.js';
import { JA_REPORT } from './report.js';
import { JA_STACK } from './stack.js';

export const JA_MESSAGES: Readonly<Record<string, string>> = { ...JA_CORE, ...JA_HARDENING, ...JA_IMAGELINT, ...JA_NETWORK, ...JA_REPORT, ...JA_STACK };
