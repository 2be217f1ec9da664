// What `docker stack deploy` would refuse: keys its v3 schema does not allow, `depends_on` as a mapping, a volume
// whose source is empty after interpolation. Reported at the line, with the docker CLI's own reason.
import type { Occurrence } from '../../core/check.js';
import { listMessage } from '../../core/message.js';
import { composeMessages as M } from '../messages.js';
import { defineRule, docs, report } from './rule.js';

export const stackDeployRefuses = defineRule(
  {
    id: 'stack-deploy-refuses',
    title: 'docker stack deploy refuses this file',
    severity: 'HIGH',
    description:
      '`docker stack deploy` validates a file against the compose file format v3 schema before it deploys anything. ' +
      'Keys of the newer compose specification (`name`, `platform`, `profiles`, `pull_policy`…), `depends_on` written as a ' +
      'mapping with conditions, and a volume whose source is empty after interpolation make it refuse the whole file, while ' +
      '`docker compose` accepts them. `docker stack config -c FILE` shows the same error.',
    remediation:
      'Remove or rewrite what the CLI names: `depends_on` as a list of service names (Swarm does not order start-up; use health ' +
      'checks and retries), drop compose-only keys, and set the variable that left a volume source empty.',
    references: [docs('https://docs.docker.com/reference/compose-file/legacy-versions/', 'Compose file format v3 (what docker stack deploy reads)')],
  },
  (ctx) =>
    (ctx.model.stackRefusals ?? []).map((r): Occurrence =>
      report(
        ctx,
        r.path,
        r.variables
          ? M.say('compose.rule.stackDeployRefuses.blank', {
              reason: r.reason,
              variables: listMessage(r.variables.map((v) => M.say(v.unset ? 'compose.blank.unset' : 'compose.blank.empty', { name: v.name }))),
            })
          : M.say('compose.rule.stackDeployRefuses', { reason: r.reason }),
        {
          evidence: {
            reason: r.reason,
            ...(r.variables ? { variables: r.variables.map((v) => v.name), unset: r.variables.filter((v) => v.unset).map((v) => v.name) } : {}),
          },
        },
      ),
    ),
);
