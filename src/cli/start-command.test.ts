// The README's start command as package.json runs it: build step, heap flags, built server.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const START = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start;

/** Runs `npm start -- --port 0` as npm would (sh -c, arguments appended) and waits for the URL. */
function start(
  dataDir: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('/bin/sh', ['-c', `${START} --port 0`], {
    cwd: ROOT,
    env: { ...process.env, QUIRE_DATA: dataDir, LOG_LEVEL: 'info', HOST: '127.0.0.1', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
    child.on('exit', (code) => reject(new Error(`npm start's command exited with ${code}:\n${out}`)));
    child.stdout.on('data', () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    });
  });
}

/** The node process the start command ended with (sh's child), and its arguments. */
function serverArgs(shPid: number): string[] {
  const children = fs.readFileSync(`/proc/${shPid}/task/${shPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  assert.equal(children.length, 1, 'the start command runs one server process');
  return fs.readFileSync(`/proc/${children[0]}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

test(
  'npm start builds dist/, migrates a fresh data folder and serves pages with a bounded heap',
  { timeout: 120_000 },
  async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-start-'));
    const s = await start(dataDir, { QUIRE_HEAP_MB: '300' });
    try {
      for (const p of ['/', '/works', '/api/v1/openapi.json']) {
        const res = await fetch(s.url + p);
        assert.equal(res.status, 200, `${p}: ${res.status}`);
        await res.arrayBuffer();
      }
      assert.ok(fs.existsSync(path.join(dataDir, 'quire.sqlite')), 'the SQLite file is in the data folder');
      const args = serverArgs(s.child.pid!);
      assert.ok(args.includes('--max-old-space-size=300'), `QUIRE_HEAP_MB sets the heap limit: ${args.join(' ')}`);
      assert.ok(
        args.some((a) => a.startsWith('--max-semi-space-size=')),
        args.join(' '),
      );
      assert.ok(args.includes('dist/cli/main.js'), `the server runs the built modules: ${args.join(' ')}`);
      assert.ok(!args.includes('tsx'), 'without the TypeScript loader');
      // The request log is written in batches: a quiet server's lines still show within a second or so.
      const logged = (p: string) => s.output().includes(`"path":"${p}","status":200`);
      for (let waited = 0; !logged('/works') && waited < 5000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(logged('/works'), `the request log shows GET /works while the server runs:\n${s.output()}`);
      // Lines still gathered when the server is stopped are written before it exits.
      for (let i = 1; i <= 20; i++) await (await fetch(`${s.url}/series/${i}`)).arrayBuffer();
    } finally {
      // The whole group: sh and the server it started.
      process.kill(-s.child.pid!, 'SIGTERM');
      // 'close', not 'exit': sh exits at once, the server when it has written its log and closed the pipe.
      await new Promise((r) => s.child.once('close', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    for (let i = 1; i <= 20; i++)
      assert.ok(s.output().includes(`"path":"/series/${i}"`), `GET /series/${i} is in the log written on stop`);
  },
);
