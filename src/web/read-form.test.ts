import assert from 'node:assert/strict';
import test from 'node:test';
import { Hono } from 'hono';
import type { AppEnv } from './context.js';
import { readForm } from './read-form.js';

// readForm must read a url-encoded form exactly as Hono's parseBody does, only faster.
const BODIES = [
  'title=A%20Quiet%20Harbour&_csrf=abc',
  'tag=one&tag=two&tag=three&x=1',
  'tags[]=Fluff&tags[]=Angst&single[]=only',
  'note=caf%C3%A9+%E2%80%99s+%F0%9F%8C%8A&plus=a+b',
  'bad=%ZZ&half=%E2%80&empty=&=nameless&flag',
  '',
];

test('readForm reads url-encoded forms as Hono’s parseBody does, with and without all', async () => {
  const app = new Hono<AppEnv>();
  app.post('/:all', async (c) => {
    const all = c.req.param('all') === 'all';
    const ours = await readForm(c, { all });
    const hono = await c.req.parseBody({ all });
    return c.json({ ours: { ...ours }, hono: { ...hono } });
  });
  for (const body of BODIES)
    for (const mode of ['all', 'last']) {
      const res = await app.request(`/${mode}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      });
      const { ours, hono } = (await res.json()) as { ours: unknown; hono: unknown };
      assert.deepEqual(ours, hono, `${mode}: ${body}`);
    }
});
