// The layers of src/, as lint rules (see docs/architecture.md): which folder may import which, no file cycles
// (type-only imports count), and engine calls only in src/engine/. Imports are resolved to files, so a rule reads
// the same graph whatever the relative path looks like.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What a folder of src/ may import from the others: `only` lists the folders it may use (an empty list: none);
 * `never` lists folders it must not use. Every folder is also subject to NOBODY_IMPORTS.
 */
export const LAYERS = {
  // The CIS and NIST catalogues: leaf data on core's ground floor (core titles references from them).
  'core/references': { only: [] },
  core: { only: [] },
  security: { only: [] },
  engine: { only: ['core'] },
  i18n: { only: ['core'] },
  image: { never: ['scan'] },
};
/** Folders no other folder may import: the command line sits on top of everything. */
export const NOBODY_IMPORTS = ['cli'];

/** The engine client's calls: made only in src/engine/, where every answer is parsed into a typed model. */
export const ENGINE_CALLS = [
  'listServices',
  'listContainers',
  'listTasks',
  'listNodes',
  'listNetworks',
  'listImages',
  'listSecrets',
  'listConfigs',
  'getService',
  'getContainer',
  'getImage',
  'getNetwork',
  'getNode',
  'getSecret',
  'getConfig',
  'createService',
  'createContainer',
  'createNetwork',
  'getEvents',
  'swarmInspect',
  'pruneContainers',
];

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?[^;]*?\bfrom\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** The layer a file belongs to, from its path relative to src: a nested layer of LAYERS ("core/references/x.ts" →
 * "core/references"), else its top folder ("stack/deploy.ts" → "stack"). */
const folderOf = (rel) => {
  const nested = Object.keys(LAYERS).find((k) => k.includes('/') && rel.startsWith(`${k}/`));
  if (nested !== undefined) return nested;
  return rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : '(root)';
};
/** Whether layer `to` is `f` or nested in it (core/references is part of core). */
const within = (to, f) => to === f || to.startsWith(`${f}/`);

function srcRootOf(filename) {
  const parts = path.resolve(filename).split(path.sep);
  const i = parts.lastIndexOf('src');
  return i < 0 ? undefined : parts.slice(0, i + 1).join(path.sep);
}

/** A relative specifier resolved to a .ts file under `root`, relative to it (NodeNext writes `.js` for `.ts`). */
function resolveSpec(root, fromRel, spec, exists) {
  const p = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec));
  for (const cand of [p, p.replace(/\.js$/, '.ts'), `${p}.ts`, `${p}/index.ts`]) if (exists(cand)) return cand;
  return undefined;
}

function importsOf(text) {
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]).filter((s) => s !== undefined);
}

function walk(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) out.push(...walk(path.join(dir, e.name), r));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(r);
  }
  return out;
}

/** The graph of the files on disk, read once per tree and lint run (kept a few seconds: a run reads the same tree). */
const diskGraphs = new Map();
function diskGraph(root) {
  const hit = diskGraphs.get(root);
  if (hit !== undefined && Date.now() - hit.at < 10_000) return hit;
  const files = new Set(walk(root));
  const texts = new Map();
  for (const f of files) {
    try {
      texts.set(f, readFileSync(path.join(root, f), 'utf8'));
    } catch {
      texts.set(f, '');
    }
  }
  const graph = { at: Date.now(), files, texts };
  diskGraphs.set(root, graph);
  return graph;
}

/** The import graph of a src tree, from disk; the file being linted is read from its current text. */
function graphOf(root, currentRel, currentText) {
  const disk = diskGraph(root);
  const files = new Set(disk.files).add(currentRel);
  const exists = (rel) => files.has(rel);
  const edges = new Map();
  for (const f of files) {
    const text = f === currentRel ? currentText : (disk.texts.get(f) ?? '');
    edges.set(
      f,
      new Set(
        importsOf(text)
          .map((s) => resolveSpec(root, f, s, exists))
          .filter((t) => t !== undefined),
      ),
    );
  }
  return edges;
}

/** The cycle through `start`, as a path of files back to it (shortest first), or undefined. */
function cycleThrough(edges, start) {
  const prev = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v) ?? []) {
      if (w === start) {
        const pathBack = [];
        for (let x = v; x !== undefined; x = prev.get(x)) pathBack.unshift(x);
        return [...pathBack, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return undefined;
}

const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'a folder of src/ imports only the folders its layer allows' },
    schema: [{ type: 'object', properties: { allow: { type: 'object' } }, additionalProperties: false }],
    messages: {
      only: '{{from}}/ may import {{allowed}}, not {{to}}/ ({{target}}): see the layers in docs/architecture.md',
      never: '{{from}}/ must not import {{to}}/ ({{target}}): see the layers in docs/architecture.md',
      cli: 'nothing outside cli/ imports cli/ ({{target}}): move what is shared below it',
    },
  },
  create(context) {
    const root = srcRootOf(context.filename);
    if (root === undefined) return {};
    const rel = path.relative(root, context.filename).split(path.sep).join('/');
    const from = folderOf(rel);
    const allow = new Set(context.options[0]?.allow?.[`src/${rel}`] ?? []);
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec)).replace(/\.js$/, '.ts');
      if (target.startsWith('..')) return;
      const to = folderOf(target);
      if (to === from || allow.has(`src/${target}`)) return;
      const layer = LAYERS[from];
      const data = { from, to, target: `src/${target}`, allowed: layer?.only?.length ? layer.only.map((f) => `${f}/`).join(', ') : 'nothing of the project' };
      if (NOBODY_IMPORTS.includes(to)) context.report({ node, messageId: 'cli', data });
      else if (layer?.only !== undefined && !layer.only.some((f) => within(to, f)) && !within(to, from)) context.report({ node, messageId: 'only', data });
      else if (layer?.never?.includes(to)) context.report({ node, messageId: 'never', data });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'no import cycles between files of src/ (type-only imports count)' },
    schema: [{ type: 'object', properties: { allow: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
    messages: { cycle: 'import cycle: {{cycle}}. Move what both need into a file both import, or pass it in' },
  },
  create(context) {
    const root = srcRootOf(context.filename);
    if (root === undefined || !statSync(root, { throwIfNoEntry: false })?.isDirectory()) return {};
    const rel = path.relative(root, context.filename).split(path.sep).join('/');
    if ((context.options[0]?.allow ?? []).includes(`src/${rel}`)) return {};
    return {
      'Program:exit'(node) {
        const cycle = cycleThrough(graphOf(root, rel, context.sourceCode.text), rel);
        if (cycle !== undefined)
          context.report({ node, loc: { line: 1, column: 0 }, messageId: 'cycle', data: { cycle: cycle.map((f) => `src/${f}`).join(' → ') } });
      },
    };
  },
};

const engineCalls = {
  meta: {
    type: 'problem',
    docs: { description: 'the engine client is called only in src/engine/' },
    schema: [],
    messages: {
      call: '{{name}}() on the engine client outside src/engine/: add a typed function in a new src/engine/ file and call that',
    },
  },
  create(context) {
    const calls = new Set(ENGINE_CALLS);
    /** `docker`, `conn.docker`, `this.docker`, `deps.docker`: a receiver named for the engine client. */
    const isClient = (o) =>
      (o.type === 'Identifier' && /docker$/i.test(o.name)) ||
      (o.type === 'MemberExpression' && o.property.type === 'Identifier' && /docker$/i.test(o.property.name));
    return {
      CallExpression(n) {
        const c = n.callee;
        if (c.type !== 'MemberExpression' || c.property.type !== 'Identifier') return;
        if ((calls.has(c.property.name) || c.property.name === 'modem') && isClient(c.object))
          context.report({ node: n, messageId: 'call', data: { name: c.property.name } });
      },
      MemberExpression(n) {
        if (n.property.type === 'Identifier' && n.property.name === 'modem' && isClient(n.object) && n.parent.type === 'MemberExpression')
          context.report({ node: n, messageId: 'call', data: { name: 'modem' } });
      },
    };
  },
};

export const layersPlugin = { meta: { name: 'swarmguard-layers' }, rules: { imports: layerImports, 'no-cycle': noCycle, 'engine-calls': engineCalls } };
