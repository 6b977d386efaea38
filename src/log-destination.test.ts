import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { batchedLogDestination } from './log-destination.js';

function tempLog(): { file: string; fd: number; done(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-log-'));
  const file = path.join(dir, 'server.log');
  return { file, fd: fs.openSync(file, 'w'), done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The file's text once it holds `bytes` bytes (writes are asynchronous), or after 5 s. */
async function settled(file: string, bytes: number): Promise<string> {
  const deadline = Date.now() + 5000;
  while (fs.statSync(file).size < bytes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return fs.readFileSync(file, 'utf8');
}

test('batched log lines reach the file whole and in order, whatever their size and script', async () => {
  const log = tempLog();
  // Small batches, so that lines straddle batch ends; a line larger than a batch goes through on its own.
  const dest = batchedLogDestination(log.fd, 1024, 60_000);
  try {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) {
      const text = i % 7 === 0 ? '港の灯り'.repeat(i % 50) : i % 11 === 0 ? 'ü€😀'.repeat(i) : 'x'.repeat(i % 90);
      lines.push(`{"n":${i},"text":"${text}"}\n`);
    }
    lines.splice(250, 0, `{"big":"${'y'.repeat(5000)}"}\n`);
    for (const line of lines) dest.write(line);
    dest.close();
    // After close, lines go straight through.
    dest.write('{"after":"close"}\n');
    const expected = lines.join('') + '{"after":"close"}\n';
    assert.equal(await settled(log.file, Buffer.byteLength(expected)), expected);
  } finally {
    fs.closeSync(log.fd);
    log.done();
  }
});

test("a quiet server's lines are written within the flush interval, without a full batch", async () => {
  const log = tempLog();
  const dest = batchedLogDestination(log.fd, 65536, 50);
  try {
    dest.write('{"msg":"one quiet line"}\n');
    assert.equal(fs.readFileSync(log.file, 'utf8'), '', 'held for its batch at first');
    assert.equal(await settled(log.file, 25), '{"msg":"one quiet line"}\n');
  } finally {
    dest.close();
    fs.closeSync(log.fd);
    log.done();
  }
});
