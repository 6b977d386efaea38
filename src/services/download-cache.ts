/*
 * Built download files, kept so that a work is exported once per version rather than once per
 * request (an EPUB of a long chapter takes the single-threaded server a second or more to build).
 * Keyed on the work and the download's ETag, which hashes everything the file shows, so an edit
 * makes a new key and the old file simply ages out. Holds only bytes: who may have them is decided
 * by the policy on every request, before the cache is asked.
 */

import { LruCache } from '../domain/lru-cache.js';

/** A built download, as the work page's links and the API serve it. */
export interface DownloadFile {
  bytes: Uint8Array;
  fileName: string;
  contentType: string;
  etag: string;
}

/** Built files within a budget of bytes, the least recently used dropped first; one per server (main.ts). */
export class DownloadCache {
  private readonly files: LruCache<DownloadFile>;

  constructor(readonly maxBytes: number) {
    this.files = new LruCache<DownloadFile>(maxBytes, (f) => f.bytes.byteLength);
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.files.bytesHeld;
  }

  get(workId: number, etag: string): DownloadFile | undefined {
    return this.files.get(keyOf(workId, etag));
  }

  /** Keeps `file`; a file over half the budget is not kept, so one file never empties the cache. */
  set(workId: number, file: DownloadFile): void {
    if (file.bytes.byteLength > this.maxBytes / 2) return;
    this.files.set(keyOf(workId, file.etag), file);
  }
}

const keyOf = (workId: number, etag: string): string => `${workId} ${etag}`;
