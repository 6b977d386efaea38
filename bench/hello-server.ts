/**
 * The HTTP ceiling: a bare node:http server answering every request with a short text
 * (bench/http-suite.ts) — or, with HELLO_BODY_FILE, with that file's bytes as an HTML page: the
 * ceiling for a page of that size, where sending and reading the bytes is part of every request.
 */
import fs from 'node:fs';
import http from 'node:http';

const file = process.env.HELLO_BODY_FILE;
const body = file ? fs.readFileSync(file) : Buffer.from('Hello, world\n');
const type = file ? 'text/html; charset=utf-8' : 'text/plain';

const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': type });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`listening on http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
