import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateSync, strToU8, zipSync } from 'fflate';
import { MAX_IMPORT_FILE_BYTES, readZipArchive } from './index.js';
import { crc32 } from './crc32.js';
import { rawZip, type RawZipEntry } from '../../../test/formats/import-fixtures.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);
const isImportError = (reason: RegExp) => (error: Error) => {
  assert.equal(error.name, 'ImportError');
  assert.match(error.message, reason);
  assert.ok(!error.message.includes('\n'));
  return true;
};

test('reads files in order, skipping directories, __MACOSX/ and dotfiles', () => {
  const zip = zipSync({
    'works/': {},
    'works/one.txt': strToU8('First work.'),
    'works/two.html': [strToU8('<p>Second.</p>'), { level: 0 }],
    '__MACOSX/works/._one.txt': strToU8('resource fork'),
    '.DS_Store': strToU8('x'),
    'works/.hidden/three.md': strToU8('hidden'),
    'works/.notes.txt': strToU8('hidden too'),
    'Übersicht.md': strToU8('# Umlaut name'),
  });
  const entries = readZipArchive(zip);
  assert.deepEqual(
    entries.map((e) => [e.name, text(e.bytes)]),
    [
      ['works/one.txt', 'First work.'],
      ['works/two.html', '<p>Second.</p>'],
      ['Übersicht.md', '# Umlaut name'],
    ],
  );
});

test('an empty archive has no entries', () => {
  assert.deepEqual(readZipArchive(zipSync({})), []);
});

test('truncated or corrupt archives are refused', () => {
  const zip = zipSync({
    'a.txt': strToU8('Some words here. '.repeat(200)),
    'b.txt': strToU8('More words. '.repeat(200)),
  });
  for (const cut of [0, 10, Math.floor(zip.length / 2), zip.length - 30, zip.length - 1]) {
    assert.throws(() => readZipArchive(zip.subarray(0, cut)), isImportError(/truncated|corrupt|missing|cut short/));
  }
  const flipped = zip.slice();
  flipped[60] = flipped[60]! ^ 0xff; // inside a.txt's deflated data
  assert.throws(() => readZipArchive(flipped), isImportError(/"a\.txt" is corrupt/));
});

test('a wrong checksum, encryption and unknown compression are refused', () => {
  const data = strToU8('plain words');
  const entry: RawZipEntry = { name: 'a.txt', data, method: 0, crc: crc32(data), declaredSize: data.length };
  assert.equal(text(readZipArchive(rawZip([entry]))[0]!.bytes), 'plain words');
  assert.throws(
    () => readZipArchive(rawZip([{ ...entry, crc: entry.crc ^ 1 }])),
    isImportError(/^"a\.txt" is corrupt \(checksum mismatch\)$/),
  );
  const encrypted = rawZip([entry]);
  encrypted[6] = encrypted[6]! | 1; // local header flags
  const cdFlags = encrypted.length - 22 - (46 + 5) + 8;
  encrypted[cdFlags] = encrypted[cdFlags]! | 1;
  assert.throws(() => readZipArchive(encrypted), isImportError(/^"a\.txt" is encrypted$/));
  const bzip = rawZip([entry]);
  bzip[bzip.length - 22 - (46 + 5) + 10] = 12;
  assert.throws(() => readZipArchive(bzip), isImportError(/compression method Quire cannot read \(12\)/));
});

test('data before the archive (a self-extractor stub) is tolerated', () => {
  const zip = zipSync({ 'a.txt': strToU8('Shifted.') });
  const shifted = new Uint8Array([...strToU8('#!stub\n'), ...zip]);
  assert.equal(text(readZipArchive(shifted)[0]!.bytes), 'Shifted.');
});

let bomb: Uint8Array | undefined;
/** 64 MiB + 1 of zeros, deflated to about 65 KB. */
function bombData(): Uint8Array {
  bomb ??= deflateSync(new Uint8Array(MAX_IMPORT_FILE_BYTES + 1), { level: 1 });
  return bomb;
}

test('a file over 64 MiB is refused, whether its header says so or lies', () => {
  const honest: RawZipEntry = {
    name: 'big.txt',
    data: bombData(),
    method: 8,
    crc: 0,
    declaredSize: MAX_IMPORT_FILE_BYTES + 1,
  };
  assert.throws(() => readZipArchive(rawZip([honest])), isImportError(/^"big\.txt" is larger than 64 MiB$/));
  // The bomb: a small declared size; inflation must stop at the limit, not trust the header.
  const lying: RawZipEntry = { ...honest, declaredSize: 100 };
  assert.throws(() => readZipArchive(rawZip([lying])), isImportError(/^"big\.txt" is larger than 64 MiB$/));
});

test('an archive that inflates past the total limit is refused, however its parts declare themselves', () => {
  const part = new Uint8Array(3000).fill(97);
  const entry = (name: string): RawZipEntry => ({
    name,
    data: deflateSync(part),
    method: 8,
    crc: crc32(part),
    declaredSize: 10,
  });
  const zip = rawZip([entry('a.txt'), entry('b.txt'), entry('c.txt'), entry('d.txt')]);
  assert.equal(readZipArchive(zip, { fileBytes: 5000, totalBytes: 12000 }).length, 4);
  assert.throws(
    () => readZipArchive(zip, { fileBytes: 5000, totalBytes: 10000 }),
    isImportError(/^the zip archive inflates to more than 9\.8 KiB$/),
  );
  assert.throws(
    () => readZipArchive(zip, { fileBytes: 2000, totalBytes: 10000 }),
    isImportError(/^"a\.txt" is larger than 2\.0 KiB$/),
  );
});

/** One stored file in a ZIP64 archive: every size and offset in the 32-bit fields is 0xFFFFFFFF. */
function zip64Archive(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = strToU8(name);
  const parts: Uint8Array[] = [];
  const u8 = (size: number, fill: (v: DataView) => void): Uint8Array => {
    const v = new DataView(new ArrayBuffer(size));
    fill(v);
    return new Uint8Array(v.buffer);
  };
  const crc = crc32(data);
  parts.push(
    u8(30, (v) => {
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 45, true);
      v.setUint32(14, crc, true);
      v.setUint32(18, data.length, true);
      v.setUint32(22, data.length, true);
      v.setUint16(26, nameBytes.length, true);
    }),
    nameBytes,
    data,
  );
  const cdOffset = 30 + nameBytes.length + data.length;
  const extra = u8(28, (v) => {
    v.setUint16(0, 0x0001, true);
    v.setUint16(2, 24, true);
    v.setBigUint64(4, BigInt(data.length), true);
    v.setBigUint64(12, BigInt(data.length), true);
    v.setBigUint64(20, 0n, true);
  });
  const cd = u8(46, (v) => {
    v.setUint32(0, 0x02014b50, true);
    v.setUint16(4, 45, true);
    v.setUint16(6, 45, true);
    v.setUint32(16, crc, true);
    v.setUint32(20, 0xffffffff, true);
    v.setUint32(24, 0xffffffff, true);
    v.setUint16(28, nameBytes.length, true);
    v.setUint16(30, extra.length, true);
    v.setUint32(42, 0xffffffff, true);
  });
  parts.push(cd, nameBytes, extra);
  const cdSize = cd.length + nameBytes.length + extra.length;
  const eocd64At = cdOffset + cdSize;
  parts.push(
    u8(56, (v) => {
      v.setUint32(0, 0x06064b50, true);
      v.setBigUint64(4, 44n, true);
      v.setBigUint64(24, 1n, true);
      v.setBigUint64(32, 1n, true);
      v.setBigUint64(40, BigInt(cdSize), true);
      v.setBigUint64(48, BigInt(cdOffset), true);
    }),
    u8(20, (v) => {
      v.setUint32(0, 0x07064b50, true);
      v.setBigUint64(8, BigInt(eocd64At), true);
      v.setUint32(16, 1, true);
    }),
    u8(22, (v) => {
      v.setUint32(0, 0x06054b50, true);
      v.setUint16(8, 0xffff, true);
      v.setUint16(10, 0xffff, true);
      v.setUint32(12, 0xffffffff, true);
      v.setUint32(16, 0xffffffff, true);
    }),
  );
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

test('ZIP64 archives are read', () => {
  const entries = readZipArchive(zip64Archive('big/one.txt', strToU8('Stored in a ZIP64 archive.')));
  assert.deepEqual(
    entries.map((e) => [e.name, text(e.bytes)]),
    [['big/one.txt', 'Stored in a ZIP64 archive.']],
  );
});
