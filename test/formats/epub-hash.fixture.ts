import { createHash } from 'node:crypto';
import { exportEpub } from '../../src/formats/export/epub.js';
import { sampleContext, sampleWork } from './sample-works.js';

// Run by epub.test.ts under another TZ: prints the SHA-256 of the sample EPUB,
// which must not depend on the time zone.
const work = sampleWork();
process.stdout.write(
  `${createHash('sha256')
    .update(exportEpub(work, sampleContext(work)))
    .digest('hex')}\n`,
);
