#!/usr/bin/env node
// Fails when a module of src/ imports from a layer above its own, or when imports form a cycle.
// The layers, lowest first; a folder may import from its own layer and those listed for it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const src = join(root, 'src');

/** What each part of src/ may import (besides itself). */
const MAY_IMPORT = {
  domain: [],
  policies: ['domain'],
  formats: ['domain'],
  store: ['domain', 'policies'],
  search: ['domain', 'policies', 'store'],
  services: ['domain', 'policies', 'store', 'search', 'formats'],
  web: ['domain', 'policies', 'store', 'search', 'services', 'formats', 'top'],
  cli: ['domain', 'policies', 'store', 'search', 'services', 'formats', 'web', 'top'],
  // Files at the top of src/: config.ts, main.ts (the composition root), the request log and turns.
  top: ['domain', 'policies', 'store', 'search', 'services', 'formats', 'web'],
};

function files(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

const partOf = (file) => {
  const rel = relative(src, file).split('/');
  return rel.length === 1 ? 'top' : rel[0];
};

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]/g;
const problems = [];
const graph = new Map();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const deps = [];
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(dirname(file), m[2]).replace(/\.js$/, '');
    const candidates = [`${target}.ts`, `${target}.tsx`];
    const found = candidates.find((c) => existsSync(c)) ?? candidates[0];
    if (!found.startsWith(src)) {
      problems.push(`${relative(root, file)} imports ${m[2]}, outside src/`);
      continue;
    }
    const from = partOf(file);
    const to = partOf(found);
    if (from !== to && !MAY_IMPORT[from]?.includes(to))
      problems.push(
        `${relative(root, file)} (${from}) imports ${relative(root, found)} (${to}): a layer above its own`,
      );
    // Type-only imports vanish at run time, but a cycle of them still knots the modules together.
    deps.push(found);
  }
  graph.set(file, deps);
}

// Cycles: a depth-first walk; a grey node met again closes a cycle.
const state = new Map();
const stack = [];
function visit(f) {
  state.set(f, 'grey');
  stack.push(f);
  for (const d of graph.get(f) ?? []) {
    if (state.get(d) === 'grey') {
      const cycle = stack
        .slice(stack.indexOf(d))
        .concat(d)
        .map((x) => relative(root, x));
      problems.push(`import cycle: ${cycle.join(' → ')}`);
    } else if (!state.has(d)) visit(d);
  }
  stack.pop();
  state.set(f, 'black');
}
for (const f of graph.keys()) if (!state.has(f)) visit(f);

if (problems.length) {
  console.error(`check-layers: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`check-layers: ${graph.size} modules, no upward imports, no cycles.`);
