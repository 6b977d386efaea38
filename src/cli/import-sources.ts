import fs from 'node:fs';
import path from 'node:path';
import { MAX_IMPORT_FILE_BYTES, isImportableName, readZipArchive } from '../formats/import/index.js';
import { ImportError } from '../formats/portable-work.js';
import { UsageError } from './open.js';

/** One file to import: where it came from (for the report) and how to get its bytes. */
export interface ImportSource {
  label: string;
  name: string;
  read: () => Uint8Array;
}

/** A source that cannot even be read; reported as failed without stopping the batch. */
export interface UnreadableSource {
  label: string;
  reason: string;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

function sizeProblem(size: number): string | undefined {
  return size > MAX_IMPORT_FILE_BYTES
    ? `the file is ${mb(size)}; files of at most ${mb(MAX_IMPORT_FILE_BYTES)} can be imported`
    : undefined;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/**
 * Expands the command's arguments: files as given, folders recursively (only the formats Quire
 * reads; other files are listed as skipped), zips entry by entry. A path that does not exist is a
 * usage error, found before anything is written.
 */
export function expandSources(args: string[]): {
  sources: ImportSource[];
  unreadable: UnreadableSource[];
  ignored: string[];
} {
  const sources: ImportSource[] = [];
  const unreadable: UnreadableSource[] = [];
  const ignored: string[] = [];
  const files: Array<{ file: string; explicit: boolean }> = [];
  for (const arg of args) {
    let st: fs.Stats;
    try {
      st = fs.statSync(arg);
    } catch (e) {
      throw new UsageError(`Cannot read ${arg}: ${(e as Error).message}`);
    }
    if (st.isDirectory()) files.push(...walk(arg).map((file) => ({ file, explicit: false })));
    else files.push({ file: arg, explicit: true });
  }
  for (const { file, explicit } of files) {
    const size = fs.statSync(file).size;
    const tooBig = sizeProblem(size);
    const isZip = /\.zip$/i.test(file);
    if (!isZip && !isImportableName(file)) {
      if (explicit)
        unreadable.push({
          label: file,
          reason: 'not a format Quire imports (.txt, .md, .html, .epub or a .zip of them)',
        });
      else ignored.push(file);
      continue;
    }
    if (tooBig && !isZip) {
      unreadable.push({ label: file, reason: tooBig });
      continue;
    }
    if (!isZip) {
      sources.push({ label: file, name: path.basename(file), read: () => fs.readFileSync(file) });
      continue;
    }
    try {
      if (size > 4 * MAX_IMPORT_FILE_BYTES)
        throw new ImportError(
          `the zip is ${mb(size)}; zips of at most ${mb(4 * MAX_IMPORT_FILE_BYTES)} can be imported`,
        );
      for (const entry of readZipArchive(fs.readFileSync(file))) {
        const label = `${file}:${entry.name}`;
        if (!isImportableName(entry.name)) ignored.push(label);
        else sources.push({ label, name: path.posix.basename(entry.name), read: () => entry.bytes });
      }
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      unreadable.push({ label: file, reason: e.message });
    }
  }
  return { sources, unreadable, ignored };
}
