/*
 * Built download files, kept so that a work is exported once per version rather than once per
 * request (an EPUB of a long chapter takes the single-threaded server a second or more to build).
 * Keyed on the work and the download's ETag, which hashes everything the file shows, so an edit
 * makes a new key and the old file simply ages out. Holds only bytes: who may have them is decided
 * by the policy on every request, before the cache is asked.
 */

/** A built download, as the work page's links and the API serve it. */
export interface DownloadFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  etag: string;
}

/** A least-recently-used map of built files within a budget of bytes; one per server (main.ts). */
export class DownloadCache {
  // A Map iterates in insertion order; a hit is moved to the end, so the first key is the least recent.
  private readonly files = new Map<string, DownloadFile>();
  private size = 0;

  constructor(readonly maxBytes: number) {}

  /** Bytes held now. */
  get bytes(): number {
    return this.size;
  }

  get(workId: number, etag: string): DownloadFile | undefined {
    const key = keyOf(workId, etag);
    const file = this.files.get(key);
    if (file) {
      this.files.delete(key);
      this.files.set(key, file);
    }
    return file;
  }

  /** Keeps `file`, dropping the least recently used ones to make room; a file over half the budget is not kept. */
  set(workId: number, file: DownloadFile): void {
    const n = file.bytes.byteLength;
    if (n > this.maxBytes / 2) return;
    const key = keyOf(workId, file.etag);
    this.drop(key);
    for (const [k] of this.files) {
      if (this.size + n <= this.maxBytes) break;
      this.drop(k);
    }
    this.files.set(key, file);
    this.size += n;
  }

  private drop(key: string): void {
    const old = this.files.get(key);
    if (!old) return;
    this.files.delete(key);
    this.size -= old.bytes.byteLength;
  }
}

const keyOf = (workId: number, etag: string): string => `${workId} ${etag}`;
