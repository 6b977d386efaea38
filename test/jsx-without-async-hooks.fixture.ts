import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AsyncLocalStorage, executionAsyncId } from 'node:async_hooks';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/main.js';

// Run by jsx-without-async-hooks.test.ts in a process of its own: starts the real server on a
// fresh data folder, fetches rendered pages, and prints whether async hooks track promises before
// and after. With FIXTURE_ENABLE_STORAGE=1 it runs an AsyncLocalStorage first: the control that
// shows the check can see the hooks at all.

/**
 * Whether promise reactions get an async id: only while async hooks are on. Without them, a
 * reaction queued in an immediate runs after the immediate's scope has closed, under id 0.
 */
function promisesTracked(): Promise<boolean> {
  return new Promise((resolve) =>
    setImmediate(() => void Promise.resolve().then(() => resolve(executionAsyncId() !== 0))),
  );
}

const before = await promisesTracked();
if (process.env.FIXTURE_ENABLE_STORAGE === '1') new AsyncLocalStorage().run({}, () => undefined);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-jsx-hooks-'));
const server = await startServer(
  loadConfig({ ...process.env, LOG_LEVEL: 'silent' }, { port: 0, host: '127.0.0.1', dataDir }),
);
const pages: Record<string, number> = {};
for (const p of ['/works', '/search?q=light', '/tags/Fluff/works', '/no-such-page']) {
  const res = await fetch(server.url + p);
  const html = await res.text();
  pages[p] = html.includes('</html>') ? res.status : -1;
}
const after = await promisesTracked();
await server.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ before, after, pages })}\n`);
