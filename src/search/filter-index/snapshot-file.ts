/**
 * The snapshot's file: a fixed prefix (magic, format version, header length, SHA-256 of everything
 * after the prefix), a JSON header, then the body: typed arrays one after another, each padded to 8
 * bytes. Each array is read straight into its own buffer, so loading is reading. Written to a
 * temporary file in the same folder, synced and renamed over the old one: a reader sees the old
 * file or the new one, never half of one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** The arrays a body may hold, by the name the header gives their kind. */
const KINDS = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
} as const;
export type SectionKind = keyof typeof KINDS;
export type Section = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

const MAGIC = Buffer.from('QUIREFIX', 'latin1');
/** Bump whenever what is saved, or how, changes: an older file is then refused, not misread. */
export const FORMAT_VERSION = 1;
// Magic (8), version (4), header length (4), SHA-256 (32).
const PREFIX = 48;
const MAX_HEADER = 1 << 20;
// Bytes hashed and written per step: a few milliseconds of hashing between turns of the event loop.
const CHUNK = 4 << 20;

interface SectionEntry {
  name: string;
  kind: SectionKind;
  length: number;
}

/** A file refused, and why: `info` when there was simply none. */
export interface Refusal {
  refused: string;
  level: 'info' | 'warn';
}

const kindOf = (a: Section): SectionKind =>
  a instanceof Uint8Array
    ? 'u8'
    : a instanceof Uint16Array
      ? 'u16'
      : a instanceof Uint32Array
        ? 'u32'
        : a instanceof Int32Array
          ? 'i32'
          : 'f64';
const padded = (n: number) => Math.ceil(n / 8) * 8;
const bytesOf = (a: Section) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

async function writeAll(fh: fs.FileHandle, bytes: Uint8Array, at: number): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, at + done);
    done += bytesWritten;
  }
}

/** Fills `bytes` from `at`; false when the file ends first. */
async function readAll(fh: fs.FileHandle, bytes: Uint8Array, at: number): Promise<boolean> {
  for (let done = 0; done < bytes.length;) {
    const { bytesRead } = await fh.read(bytes, done, bytes.length - done, at + done);
    if (bytesRead === 0) return false;
    done += bytesRead;
  }
  return true;
}

/** Writes `meta` and `sections` to `file` atomically; returns the file's size. */
export async function writeSnapshotFile(file: string, meta: object, sections: Map<string, Section>): Promise<number> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `${path.basename(file)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  const entries: SectionEntry[] = [...sections].map(([name, a]) => ({ name, kind: kindOf(a), length: a.length }));
  // Spaces pad the header to 8 bytes, so every array starts aligned.
  const json = Buffer.from(JSON.stringify({ meta, sections: entries }));
  const header = Buffer.concat([json, Buffer.alloc(padded(json.length) - json.length, ' ')]);
  const fh = await fs.open(tmp, 'wx');
  let at = PREFIX;
  try {
    const hash = crypto.createHash('sha256');
    const put = async (bytes: Uint8Array) => {
      for (let i = 0; i < bytes.length; i += CHUNK) {
        const chunk = bytes.subarray(i, Math.min(bytes.length, i + CHUNK));
        hash.update(chunk);
        await writeAll(fh, chunk, at);
        at += chunk.length;
      }
    };
    await put(header);
    for (const a of sections.values()) {
      await put(bytesOf(a));
      await put(new Uint8Array(padded(a.byteLength) - a.byteLength));
    }
    const prefix = Buffer.alloc(PREFIX);
    MAGIC.copy(prefix, 0);
    prefix.writeUInt32LE(FORMAT_VERSION, 8);
    prefix.writeUInt32LE(header.length, 12);
    hash.digest().copy(prefix, 16);
    await writeAll(fh, prefix, 0);
    await fh.sync();
    await fh.close();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  // The rename itself survives a crash once the folder is synced (not every platform can).
  const d = await fs.open(dir, 'r').catch(() => undefined);
  await d?.sync().catch(() => undefined);
  await d?.close();
  return at;
}

/**
 * Reads a snapshot file. `check` sees the header's meta before the body is read (the cheap
 * refusals: another archive, an old position) and returns why it is refused, if it is; the body
 * is then read and its hash checked.
 */
export async function readSnapshotFile(
  file: string,
  check: (meta: unknown) => Promise<string | undefined>,
): Promise<{ meta: unknown; sections: Map<string, Section> } | Refusal> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { refused: 'there is none yet', level: 'info' };
    return { refused: `it could not be opened (${(err as Error).message})`, level: 'warn' };
  }
  const corrupt = (why: string): Refusal => ({ refused: `it is damaged: ${why}`, level: 'warn' });
  try {
    const size = (await fh.stat()).size;
    const prefix = Buffer.alloc(PREFIX);
    if (!(await readAll(fh, prefix, 0)) || !prefix.subarray(0, 8).equals(MAGIC))
      return corrupt('not a filter index snapshot');
    const version = prefix.readUInt32LE(8);
    if (version !== FORMAT_VERSION)
      return { refused: `it has format ${version} and this version reads ${FORMAT_VERSION}`, level: 'info' };
    const headerLength = prefix.readUInt32LE(12);
    if (headerLength > MAX_HEADER || PREFIX + headerLength > size) return corrupt('its header is cut short');
    const header = Buffer.alloc(headerLength);
    await readAll(fh, header, PREFIX);
    let parsed: { meta: unknown; sections: SectionEntry[] };
    try {
      parsed = JSON.parse(header.toString()) as typeof parsed;
    } catch {
      return corrupt('its header is not JSON');
    }
    const entries = Array.isArray(parsed.sections) ? parsed.sections : [];
    let expected = PREFIX + headerLength;
    for (const e of entries) {
      if (!Object.hasOwn(KINDS, e.kind) || !Number.isSafeInteger(e.length) || e.length < 0)
        return corrupt(`section ${String(e.name)} is malformed`);
      expected += padded(e.length * KINDS[e.kind].BYTES_PER_ELEMENT);
    }
    if (expected !== size) return corrupt(`${size} bytes where its header announces ${expected}`);
    const why = await check(parsed.meta);
    if (why) return { refused: why, level: 'warn' };

    const hash = crypto.createHash('sha256').update(header);
    const sections = new Map<string, Section>();
    let at = PREFIX + headerLength;
    for (const e of entries) {
      const a = new KINDS[e.kind](e.length);
      const bytes = bytesOf(a);
      // Read and hashed a chunk at a time, so other work runs between chunks.
      for (let i = 0; i < bytes.length; i += CHUNK) {
        const chunk = bytes.subarray(i, Math.min(bytes.length, i + CHUNK));
        if (!(await readAll(fh, chunk, at + i))) return corrupt('it ends early');
        hash.update(chunk);
      }
      const pad = new Uint8Array(padded(bytes.length) - bytes.length);
      if (!(await readAll(fh, pad, at + bytes.length))) return corrupt('it ends early');
      hash.update(pad);
      at += bytes.length + pad.length;
      sections.set(e.name, a);
    }
    if (!hash.digest().equals(prefix.subarray(16, 48))) return corrupt('its checksum does not match');
    return { meta: parsed.meta, sections };
  } finally {
    await fh.close();
  }
}

/** Removes temporary files of writes to `file` that never finished (the process died), once an hour old. */
export async function removeLeftovers(file: string, olderThanMs = 3_600_000): Promise<void> {
  const dir = path.dirname(file);
  const pattern = new RegExp(
    `^${path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+-[0-9a-f]{8}\\.tmp$`,
  );
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => pattern.test(n))) {
    const p = path.join(dir, name);
    const stat = await fs.stat(p).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > olderThanMs) await fs.rm(p, { force: true });
  }
}
