#!/usr/bin/env node
// Transpiles src/ into dist/ (or the folder given), one JavaScript module per TypeScript module, for
// `npm start`. Why not run the server through tsx as the tests do: tsx's loader runs in a second
// thread with its own V8 heap and keeps the transformed sources, which cost the server about 60 MB
// of resident memory for nothing once it has started. esbuild only strips types and compiles JSX
// (type checking stays with `npm run typecheck`); it takes about a second, so it runs on every start.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

function walk(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const files = walk(src);
const modules = files.filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));
// Files the server reads beside its modules (web/static/*), copied as they are.
const assets = files.filter((f) => !/\.tsx?$/.test(f));

// Built beside the target and swapped in, so a server starting meanwhile never sees half a tree.
const staging = `${out}.building-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
await build({
  entryPoints: modules,
  outdir: staging,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  jsxImportSource: 'hono/jsx',
  logLevel: 'warning',
});
for (const f of assets) {
  const to = path.join(staging, path.relative(src, f));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(f, to);
}
const old = `${out}.old-${process.pid}`;
if (fs.existsSync(out)) fs.renameSync(out, old);
fs.renameSync(staging, out);
fs.rmSync(old, { recursive: true, force: true });
