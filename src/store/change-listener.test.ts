import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDb } from '../../test/db.js';
import { pgTestTarget } from '../../test/pg-url.js';
import { ChangeListener } from './change-listener.js';
import { latestChangeSeq, logWorkChange, type ChangeLog } from './work-changes.store.js';

const target = pgTestTarget();

test(
  'a node listening hears each committed change with its position, once per transaction [postgres]',
  { skip: target.kind === 'pglite' && 'LISTEN needs a PostgreSQL server' },
  async () => {
    if (target.kind !== 'server') return;
    const t = await testDb('postgres');
    const heard: Array<[ChangeLog, number]> = [];
    const listener = new ChangeListener({ url: target.url, onChange: (log, p) => heard.push([log, p]), log: () => {} });
    try {
      listener.start();
      // Listening has begun once a notification sent now comes back.
      const until = async (ok: () => boolean) => {
        for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
        assert.ok(ok(), 'heard in time');
      };
      for (let i = 0; heard.length === 0 && i < 50; i++) {
        await logWorkChange(t.db, 1);
        await new Promise((r) => setTimeout(r, 50));
      }
      await until(() => heard.length > 0);
      heard.length = 0;
      await t.db.transaction().execute(async (trx) => {
        await logWorkChange(trx, 2);
        await logWorkChange(trx, 3);
      });
      const position = await latestChangeSeq(t.db);
      // Other schemas of the test database may speak on the same channel: look for ours.
      await until(() => heard.some(([log, p]) => log === 'work_changes' && p === position));
    } finally {
      await listener.stop();
      await t.close();
    }
  },
);
