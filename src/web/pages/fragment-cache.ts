import crypto from 'node:crypto';
import type { Work } from '../../domain/work.js';

/**
 * Rendered work text (the part of a work page that is the same for every reader) is kept in an
 * LruCache (domain/lru-cache.ts) under this key: every edit changes the work's metadata or its
 * `updatedAt`, so an entry can never be stale. Pages for creators are never cached.
 */
/** The cache key of a work's reading view: everything shown, hashed, plus which chapters. */
export function workFragmentKey(work: Work, selection: number | 'all'): string {
  const digest = crypto.createHash('sha1').update(JSON.stringify(work)).digest('base64url');
  return `${work.id}:${selection}:${digest}`;
}
