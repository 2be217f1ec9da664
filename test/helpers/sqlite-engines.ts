// Runs a suite once on each SQLite engine this Node can load: better-sqlite3 on Node 20, node:sqlite on 22.13+
// and 24, both where both load. The engine in use is part of each test's name.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { availableSqliteEngines, selectSqliteEngine, type SqliteEngineName } from '../../src/core/sqlite.js';

export const SQLITE_ENGINES_HERE: readonly SqliteEngineName[] = availableSqliteEngines();

export function describeEachSqliteEngine(name: string, suite: (engine: SqliteEngineName) => void): void {
  if (SQLITE_ENGINES_HERE.length === 0) {
    it(`${name}: needs an SQLite engine`, () => {
      throw new Error(`no SQLite engine loads on Node ${process.version}: neither node:sqlite nor better-sqlite3`);
    });
    return;
  }
  describe.each(SQLITE_ENGINES_HERE)(`${name} (%s)`, (engine) => {
    beforeAll(() => selectSqliteEngine(engine));
    afterAll(() => selectSqliteEngine(undefined));
    suite(engine);
  });
}
