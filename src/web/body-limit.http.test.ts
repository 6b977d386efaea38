import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { startServer } from '../main.js';
import { loadConfig } from '../config.js';
import { MAX_REQUEST_BYTES } from '../domain/limits.js';

/** A POST through node:http: with a Content-Length, or chunked when `chunked` (no length announced). */
function post(url: string, body: Buffer, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // The server may answer and close before the whole body is sent.
    req.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    const piece = 64 * 1024;
    for (let i = 0; i < body.length; i += piece) req.write(body.subarray(i, i + piece));
    req.end();
  });
}

test('a request body over the limit gets 413 on the running server, announced by its length or chunked', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-body-limit-'));
  const server = await startServer(
    loadConfig(
      { ...process.env, LOG_LEVEL: 'silent' },
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined },
    ),
  );
  try {
    const big = Buffer.alloc(MAX_REQUEST_BYTES + 1, 'x');
    for (const chunked of [false, true]) {
      const r = await post(`${server.url}/works/new`, big, chunked);
      assert.equal(r.status, 413, chunked ? 'chunked' : 'with a length');
      assert.match(r.text, /A request can carry at most 4 MB/);
    }
    // Within the limit the body is read as before: here a form without its token, refused for that.
    for (const chunked of [false, true]) {
      const r = await post(`${server.url}/works/new`, Buffer.from('title=A%20Small%20Form'), chunked);
      assert.equal(r.status, 403, chunked ? 'chunked' : 'with a length');
    }
    assert.equal((await fetch(`${server.url}/`)).status, 200);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
