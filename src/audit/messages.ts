// The English of what an audit says about its coverage, by id: the parts it ran, and for each part it could not
// run, why. src/i18n/ja/notes.ts says them in Japanese; names, paths and errors are values, put in as they are.
import { defineMessages } from '../core/message.js';

export const auditMessages = defineMessages({
  'audit.progress.engine': 'reading the engine and this host',
  'audit.progress.image': 'image {ref}',
  'audit.part.compose': 'compose lint of {files}',
  'audit.part.swarm': 'live swarm audit',
  'audit.part.hostTips': 'host and daemon tips',
  'audit.part.benchEveryNode': 'CIS Docker Benchmark {version} on every node',
  'audit.part.benchOn': 'CIS Docker Benchmark {version} on {node}',
  'audit.part.imageLint': 'image lint of {ref}',
  'audit.part.vulnScan': 'vulnerability scan of {ref}',
  'audit.note.notChecked': '{part}: not checked ({error})',
  'audit.note.engine': 'engine: {error}',
  'audit.note.notManager': 'live swarm audit: this engine is not a swarm manager',
  'audit.note.benchFailed': 'CIS benchmark on {node}: {error}',
  'audit.note.benchNoResult': 'CIS benchmark on {node}: no result',
  'audit.note.noBench': 'CIS benchmark: skipped (--no-bench)',
  'audit.note.noDatabase': 'vulnerability scan: no database at {db} (run `swarmguard db update` or `db import`)',
  'audit.note.imageAbsent': 'image {ref} ({services}): not on this node, not checked',
  'audit.note.noImages': 'images: skipped (--no-images)',
  'audit.note.thisNodeOnly': 'this engine is not a swarm manager: only what this node shows was checked',
});
