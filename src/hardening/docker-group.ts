// The check "no ordinary users in the docker group": membership of that group is root on the host.
import { promises as fs } from 'node:fs';
import { defineCheck, findingOf, type Occurrence } from '../core/check.js';
import { cis, type Finding } from '../core/finding.js';
import { nistRef } from '../core/nist-800-190.js';
import { HOST_CATEGORY, type DockerGroupFacts, type HostTipInput } from './check.js';
import { hardeningMessages as M } from './messages.js';

export type { DockerGroupFacts } from './check.js';

export const dockerGroupCheck = defineCheck<HostTipInput>(
  {
    id: 'docker-group-ordinary-user',
    title: 'Ordinary user in the docker group',
    severity: 'HIGH',
    description:
      'Members of the docker group can start a privileged container that mounts the host root: the group is root-equivalent. ' +
      'Only administrators who are trusted with root belong in it.',
    remediation:
      'Remove the user (`gpasswd -d USER docker`); give people sudo for the docker CLI with an audit trail, or rootless Docker. Mark real administrators with --trusted-users.',
    references: [cis('1.1.2'), nistRef('4.5.4'), nistRef('4.3.1')],
  },
  ({ facts, options }) => dockerGroupOccurrences(facts.dockerGroup, facts.hostname, options.trustedUsers),
);

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

function parsePasswd(text: string): Account[] {
  const out: Account[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [name, , uid, gid] = line.split(':');
    if (!name || uid === undefined || gid === undefined || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) continue;
    out.push({ name, uid: Number(uid), gid: Number(gid) });
  }
  return out;
}

export function parseLoginDefs(text: string): { uidMin: number; uidMax: number } {
  const get = (key: string, fallback: number): number => {
    const m = new RegExp(`^\\s*${key}\\s+(\\d+)`, 'm').exec(text);
    return m ? Number(m[1]) : fallback;
  };
  return { uidMin: get('UID_MIN', 1000), uidMax: get('UID_MAX', 60000) };
}

export function dockerGroupFacts(groupText: string, passwdText: string, loginDefsText = ''): DockerGroupFacts {
  const { uidMin, uidMax } = parseLoginDefs(loginDefsText);
  const line = groupText.split('\n').find((l) => l.startsWith('docker:'));
  if (!line) return { exists: false, members: [], uidMin, uidMax };
  const [, , gidText, list = ''] = line.split(':');
  const gid = Number(gidText);
  const accounts = parsePasswd(passwdText);
  const byName = new Map(accounts.map((a) => [a.name, a]));
  const members: DockerGroupFacts['members'] = [];
  for (const name of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const uid = byName.get(name)?.uid;
    members.push(uid === undefined ? { name, via: 'group' } : { name, uid, via: 'group' });
  }
  for (const a of accounts) {
    if (a.gid === gid && !members.some((m) => m.name === a.name)) members.push({ name: a.name, uid: a.uid, via: 'primary' });
  }
  return { exists: true, gid, members, uidMin, uidMax };
}

export async function collectDockerGroupFacts(etc = '/etc'): Promise<DockerGroupFacts> {
  const read = async (f: string, optional = false): Promise<string> => {
    try {
      return await fs.readFile(`${etc}/${f}`, 'utf8');
    } catch (e) {
      if (optional) return '';
      throw e;
    }
  };
  try {
    return dockerGroupFacts(await read('group'), await read('passwd'), await read('login.defs', true));
  } catch (e) {
    return { exists: false, members: [], uidMin: 1000, uidMax: 60000, unreadable: (e as Error).message };
  }
}

/** Pure: an ordinary (human-range uid) member not in the trusted list is a finding; unknown uids too. */
function dockerGroupOccurrences(facts: DockerGroupFacts, hostname: string, trusted: readonly string[] = []): Occurrence[] {
  if (facts.unreadable !== undefined) {
    return [
      {
        severity: 'INFO',
        target: { kind: 'host', hostname, path: '/etc/group' },
        message: M.say('hardening.rule.accountsUnreadable', { error: facts.unreadable }),
        evidence: { error: facts.unreadable },
      },
    ];
  }
  const findings: Occurrence[] = [];
  for (const m of facts.members) {
    if (trusted.includes(m.name)) continue;
    const ordinary = m.uid === undefined || (m.uid >= facts.uidMin && m.uid <= facts.uidMax);
    if (!ordinary) continue;
    findings.push({
      severity: 'HIGH',
      target: { kind: 'host', hostname, path: '/etc/group' },
      message:
        m.uid === undefined
          ? M.say('hardening.rule.groupMemberNoAccount', { user: m.name })
          : M.say(m.via === 'primary' ? 'hardening.rule.groupMemberPrimary' : 'hardening.rule.groupMember', { user: m.name, uid: m.uid }),
      evidence: { user: m.name, uid: m.uid ?? null, via: m.via },
      items: [m.name],
    });
  }
  return findings;
}

/** The check's findings for these account facts alone (as `host check` reports them). */
export function checkDockerGroup(facts: DockerGroupFacts, hostname: string, trusted: readonly string[] = []): Finding[] {
  return dockerGroupOccurrences(facts, hostname, trusted).map((o) => findingOf(dockerGroupCheck.meta, o, HOST_CATEGORY));
}
