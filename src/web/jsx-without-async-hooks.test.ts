import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// In a process of its own: whether async hooks are on is a property of the whole process, and a
// test runner's process may have them on for reasons of its own.
function run(env: Record<string, string> = {}): { before: boolean; after: boolean; pages: Record<string, number> } {
  const script = fileURLToPath(new URL('../../test/jsx-without-async-hooks.fixture.ts', import.meta.url));
  const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as {
    before: boolean;
    after: boolean;
    pages: Record<string, number>;
  };
}

test('rendering pages in the running server leaves async hooks off', () => {
  const r = run();
  assert.deepEqual(
    r.pages,
    { '/works': 200, '/search?q=light': 200, '/tags/Fluff/works': 404, '/no-such-page': 404 },
    'each page rendered whole',
  );
  assert.equal(r.before, false, 'hooks were off before the server started');
  assert.equal(r.after, false, 'a render switched async hooks on for the whole process');
});

test('the check sees async hooks when a storage has switched them on', () => {
  const r = run({ FIXTURE_ENABLE_STORAGE: '1' });
  assert.equal(r.before, false);
  assert.equal(r.after, true);
});
