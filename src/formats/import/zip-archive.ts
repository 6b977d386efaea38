/*
 * Zip reading with limits that hold against hostile files: sizes in the headers are only used to
 * refuse early, never to accept; inflation runs in small steps and stops as soon as the output
 * passes the limit, so a zip bomb costs at most a few megabytes past it.
 */
import { Inflate } from 'fflate';
import { ImportError } from '../portable-work.js';
import { MAX_ARCHIVE_TOTAL_BYTES, MAX_IMPORT_FILE_BYTES, formatBytes } from './import-limits.js';
import { crc32 } from './crc32.js';

/** A file from a bulk-import zip; `name` is its path inside the zip. */
export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
}

export interface ZipEntry {
  name: string;
  isDirectory: boolean;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  /** As the header declares it: a hint for refusing early, not a promise. */
  declaredSize: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Compressed bytes handed to the inflater at a time: bounds the overshoot past a limit (deflate expands at most ~1032×). */
const INFLATE_STEP = 16 * 1024;

/** The central directory's entries, in order. Throws ImportError when there is no readable directory. */
export function listZipEntries(bytes: Uint8Array, what = 'the zip archive'): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndRecord(view);
  if (eocd < 0) throw new ImportError(`${what} is truncated or not a zip (no end-of-archive record)`);
  let count = view.getUint16(eocd + 10, true);
  let cdSize = view.getUint32(eocd + 12, true);
  let cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const z64 = zip64End(view, eocd);
    if (z64) ({ count, cdSize, cdOffset } = z64);
  }
  // Data prepended to the archive (a self-extractor stub) shifts every offset by the same amount.
  let base = 0;
  if (count > 0 && readU32(view, cdOffset) !== CENTRAL) {
    const shift = eocd - cdSize - cdOffset;
    if (shift > 0 && readU32(view, cdOffset + shift) === CENTRAL) base = shift;
    else throw new ImportError(`${what} is truncated or corrupt (its directory is not where the archive says)`);
  }
  cdOffset += base;

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > view.byteLength || view.getUint32(p, true) !== CENTRAL) {
      throw new ImportError(`${what} is truncated or corrupt (its directory lists ${count} files but ends after ${i})`);
    }
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let declaredSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    let localOffset = view.getUint32(p + 42, true);
    const nameStart = p + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > view.byteLength)
      throw new ImportError(`${what} is truncated or corrupt (a directory record runs past the end)`);
    const name = decodeName(bytes.subarray(nameStart, extraStart), (flags & 0x800) !== 0);
    const z64 = zip64Extra(view, extraStart, extraLength, {
      declaredSize: declaredSize === 0xffffffff,
      compressedSize: compressedSize === 0xffffffff,
      localOffset: localOffset === 0xffffffff,
    });
    declaredSize = z64.declaredSize ?? declaredSize;
    compressedSize = z64.compressedSize ?? compressedSize;
    localOffset = (z64.localOffset ?? localOffset) + base;
    entries.push({
      name,
      isDirectory: name.endsWith('/'),
      method,
      flags,
      crc,
      compressedSize,
      declaredSize,
      localOffset,
    });
    p = next;
  }
  return entries;
}

/**
 * An entry's bytes, inflated to at most `limit` bytes; `onLimit` names the refusal. Corrupt data,
 * a wrong checksum, encryption or an unknown compression method throw ImportError.
 */
export function extractZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  limit: number,
  onLimit: () => ImportError,
): Uint8Array {
  const label = JSON.stringify(entry.name);
  if ((entry.flags & 1) !== 0) throw new ImportError(`${label} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8)
    throw new ImportError(`${label} uses a compression method Quire cannot read (${entry.method})`);
  if (entry.declaredSize > limit) throw onLimit();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localOffset;
  if (p + 30 > view.byteLength || view.getUint32(p, true) !== LOCAL)
    throw new ImportError(`${label} is missing from the archive (truncated or corrupt)`);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > view.byteLength) throw new ImportError(`${label} is cut short (the archive is truncated)`);
  const data = bytes.subarray(start, end);

  let out: Uint8Array;
  if (entry.method === 0) {
    if (data.length > limit) throw onLimit();
    out = data.slice();
  } else {
    out = inflateLimited(data, limit, onLimit, label);
  }
  if (crc32(out) !== entry.crc) throw new ImportError(`${label} is corrupt (checksum mismatch)`);
  return out;
}

function inflateLimited(data: Uint8Array, limit: number, onLimit: () => ImportError, label: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overLimit: ImportError | undefined;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > limit) {
      overLimit = onLimit();
      throw overLimit;
    }
    chunks.push(chunk);
  });
  try {
    if (data.length === 0) inflater.push(data, true);
    for (let i = 0; i < data.length; i += INFLATE_STEP)
      inflater.push(data.subarray(i, i + INFLATE_STEP), i + INFLATE_STEP >= data.length);
  } catch (error) {
    if (overLimit) throw overLimit;
    // fflate's own errors ("invalid block type", "unexpected EOF"): the data is damaged.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImportError(`${label} is corrupt (${reason.split('\n')[0]})`);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface ZipLimits {
  fileBytes: number;
  totalBytes: number;
}

/**
 * Every file of a bulk-import zip, in the archive's order. Skips directories, macOS resource
 * forks (`__MACOSX/`) and dotfiles; refuses a file over MAX_IMPORT_FILE_BYTES and an archive that
 * inflates to more than 1 GiB. `limits` exists for tests, which cannot afford a real gigabyte.
 */
export function readZipArchive(
  bytes: Uint8Array,
  limits: ZipLimits = { fileBytes: MAX_IMPORT_FILE_BYTES, totalBytes: MAX_ARCHIVE_TOTAL_BYTES },
): ArchiveEntry[] {
  const entries = listZipEntries(bytes);
  const out: ArchiveEntry[] = [];
  let total = 0;
  for (const entry of entries) {
    if (entry.isDirectory || isSkipped(entry.name)) continue;
    const remaining = limits.totalBytes - total;
    const fileLimit = Math.min(limits.fileBytes, remaining);
    const data = extractZipEntry(bytes, entry, fileLimit, () =>
      fileLimit < limits.fileBytes && entry.declaredSize <= limits.fileBytes
        ? new ImportError(`the zip archive inflates to more than ${formatBytes(limits.totalBytes)}`)
        : new ImportError(`${JSON.stringify(entry.name)} is larger than ${formatBytes(limits.fileBytes)}`),
    );
    total += data.length;
    out.push({ name: entry.name, bytes: data });
  }
  return out;
}

function isSkipped(name: string): boolean {
  const parts = name.split('/').filter((s) => s !== '');
  return parts[0] === '__MACOSX' || parts.some((s) => s.startsWith('.'));
}

function readU32(view: DataView, at: number): number | undefined {
  return at >= 0 && at + 4 <= view.byteLength ? view.getUint32(at, true) : undefined;
}

/** The end-of-central-directory record sits in the last 22 bytes plus up to 64 KiB of comment. */
function findEndRecord(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let p = view.byteLength - 22; p >= lowest; p--) {
    if (view.getUint32(p, true) === EOCD) return p;
  }
  return -1;
}

function zip64End(view: DataView, eocd: number): { count: number; cdSize: number; cdOffset: number } | undefined {
  const locator = eocd - 20;
  if (readU32(view, locator) !== ZIP64_LOCATOR) return undefined;
  const at = toSafe(view.getBigUint64(locator + 8, true));
  if (at === undefined || readU32(view, at) !== ZIP64_EOCD || at + 56 > view.byteLength) return undefined;
  const count = toSafe(view.getBigUint64(at + 32, true));
  const cdSize = toSafe(view.getBigUint64(at + 40, true));
  const cdOffset = toSafe(view.getBigUint64(at + 48, true));
  if (count === undefined || cdSize === undefined || cdOffset === undefined) return undefined;
  return { count, cdSize, cdOffset };
}

/** The ZIP64 extended-information field holds, in this order, only the sizes that overflowed. */
function zip64Extra(
  view: DataView,
  start: number,
  length: number,
  wanted: { declaredSize: boolean; compressedSize: boolean; localOffset: boolean },
): { declaredSize?: number; compressedSize?: number; localOffset?: number } {
  const out: { declaredSize?: number; compressedSize?: number; localOffset?: number } = {};
  if (!wanted.declaredSize && !wanted.compressedSize && !wanted.localOffset) return out;
  for (let p = start; p + 4 <= start + length;) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const take = (): number | undefined => {
        if (q + 8 > p + 4 + size || q + 8 > view.byteLength) return undefined;
        const v = toSafe(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (wanted.declaredSize) out.declaredSize = take() ?? Number.MAX_SAFE_INTEGER;
      if (wanted.compressedSize) out.compressedSize = take() ?? Number.MAX_SAFE_INTEGER;
      if (wanted.localOffset) out.localOffset = take() ?? Number.MAX_SAFE_INTEGER;
      break;
    }
    p += 4 + size;
  }
  return out;
}

function toSafe(v: bigint): number | undefined {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

function decodeName(raw: Uint8Array, utf8Flag: boolean): string {
  try {
    return new TextDecoder('utf-8', { fatal: !utf8Flag }).decode(raw);
  } catch {
    // Old tools wrote names in the DOS code page; latin1 keeps ASCII names right and the rest readable.
    return new TextDecoder('latin1').decode(raw);
  }
}
