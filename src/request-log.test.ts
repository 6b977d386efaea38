import assert from 'node:assert/strict';
import test from 'node:test';
import pino from 'pino';
import { sharedHitLog } from './request-log.js';

/** A pino logger as main.ts makes one, writing into an array. */
function collecting(level: string) {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

// Times differ by the moment each line was made: compare everything else, in order.
const withoutTime = (line: string) => line.replace(/"time":\d+,/, '"time":0,');

test('a shared hit is logged in exactly the shape pino writes for the same fields', () => {
  const { logger, lines } = collecting('info');
  const direct: string[] = [];
  const log = sharedHitLog(logger, (line) => direct.push(line));
  const cases: Array<[string, string, number]> = [
    ['0b6f2c4e-1d2a-4f5b-9c3e-7a8b9c0d1e2f', '/works/6', 0],
    ['id-2', '/tags/Quiet%20Harbour%20Mornings/works', 17],
    ['id-3', '/search', 3],
    // The shortcut's paths are plain ASCII; anything else must still be escaped as pino escapes it.
    ['id-"4"', '/works/"quoted"\\back\u0001\u2028ü', 1],
  ];
  for (const [requestId, path, ms] of cases) {
    logger.info({ requestId, method: 'GET', path, status: 200, ms, shared: true }, 'request');
    log(requestId, path, ms);
  }
  assert.equal(direct.length, cases.length);
  assert.deepEqual(direct.map(withoutTime), lines.map(withoutTime));
  for (const line of direct) {
    assert.ok(line.endsWith('}\n'));
    const t = (JSON.parse(line) as { time: number }).time;
    assert.ok(Math.abs(t - Date.now()) < 60_000, 'time is epoch milliseconds');
  }
});

test('a shared hit writes nothing where the logger would not log at info', () => {
  for (const level of ['warn', 'silent']) {
    const { logger } = collecting(level);
    const direct: string[] = [];
    sharedHitLog(logger, (line) => direct.push(line))('id', '/works/1', 1);
    assert.deepEqual(direct, [], level);
  }
});
