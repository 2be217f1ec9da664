// Java: pom.xml, the versions it declares, read without the network: <dependencies> of the project (not of
// <dependencyManagement>, which only pins the versions of those that leave theirs out), with ${property}
// references resolved from the file's own <properties> and project version. What a parent POM or an import would define cannot be known offline: such dependencies are counted,
// not listed. Scope test marks development-only dependencies (provided ones are listed, as trivy does).
import { MiB } from '../analyzer.js';
import { asList, isObject, lockfileAnalyzer, named, str } from './lockfile.js';
import { analyzerMessages as M } from './messages.js';

/** Resolves ${name} from the properties, a few levels deep; undefined while any reference stays unresolved. */
export function resolveProperties(v: string, props: ReadonlyMap<string, string>): string | undefined {
  let out = v;
  for (let i = 0; i < 8 && out.includes('${'); i++) out = out.replace(/\$\{([^}]+)\}/g, (whole, k: string) => props.get(k) ?? whole);
  return out.includes('${') ? undefined : out.trim();
}

export const pomAnalyzer = lockfileAnalyzer(
  { id: 'pom', format: 'XML', wants: (p) => named('pom.xml')(p) && !/(^|\/)(target|\.m2)\//.test(p), limits: { maxFileBytes: 8 * MiB, maxFiles: 2000 } },
  (doc, r) => {
    r.unlisted = M.say('analyzers.unlisted.undecided');
    const project = isObject(doc.project) ? doc.project : undefined;
    if (!project) return M.say('analyzers.lockfile.noProject');
    const parent = isObject(project.parent) ? project.parent : {};
    const props = new Map<string, string>();
    const version = str(project.version) || str(parent.version);
    const groupId = str(project.groupId) || str(parent.groupId);
    if (version) props.set('project.version', version).set('pom.version', version).set('version', version);
    if (groupId) props.set('project.groupId', groupId).set('pom.groupId', groupId);
    if (isObject(project.properties)) for (const [k, v] of Object.entries(project.properties)) if (typeof v === 'string') props.set(k, v);
    // Versions the file's own <dependencyManagement> pins, for dependencies that leave theirs out.
    const managed = new Map<string, string>();
    const mgmt = isObject(project.dependencyManagement) && isObject(project.dependencyManagement.dependencies) ? project.dependencyManagement.dependencies : {};
    for (const d of asList(mgmt.dependency)) if (isObject(d)) managed.set(`${str(d.groupId)}:${str(d.artifactId)}`, str(d.version));
    const deps = isObject(project.dependencies) ? asList(project.dependencies.dependency) : [];
    for (const d of deps) {
      if (!isObject(d)) continue;
      const g = resolveProperties(str(d.groupId), props);
      const a = resolveProperties(str(d.artifactId), props);
      const v = resolveProperties(str(d.version) || managed.get(`${str(d.groupId)}:${str(d.artifactId)}`) || '', props);
      // A version range ("[1.0,2.0)") names no version.
      if (!g || !a || !v || /^[[(]/.test(v)) {
        r.skip();
        continue;
      }
      const scope = str(d.scope).trim();
      r.add('maven', `${g}:${a}`, v, { dev: scope === 'test' });
    }
    return undefined;
  },
);
