// Where the advisory DB and the swarmguard config live by default.
import os from 'node:os';
import path from 'node:path';

/** --db wins, then $SWARMGUARD_DB, then ~/.cache/swarmguard/db/vuln.db ($XDG_CACHE_HOME respected). */
export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined && flag !== '') return path.resolve(flag);
  if (env.SWARMGUARD_DB !== undefined && env.SWARMGUARD_DB !== '') return path.resolve(env.SWARMGUARD_DB);
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(cache, 'swarmguard', 'db', 'vuln.db');
}

/** $SWARMGUARD_CONFIG, else ~/.config/swarmguard/config.json ($XDG_CONFIG_HOME respected). */
export function resolveConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SWARMGUARD_CONFIG !== undefined && env.SWARMGUARD_CONFIG !== '') return path.resolve(env.SWARMGUARD_CONFIG);
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'swarmguard', 'config.json');
}
