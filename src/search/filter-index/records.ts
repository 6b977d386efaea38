import { TAG_TYPES } from '../../domain/tags.js';

/** One work as the index needs it, read from the database (load.ts). */
export interface WorkRecord {
  id: number;
  posted: boolean;
  restricted: boolean;
  crossover: boolean;
  /** expected_chapters is set and chapter_count has reached it (the SQL's `complete`). */
  complete: boolean;
  language: string;
  wordCount: number;
  updatedAt: string;
  publishedAt: string | null;
  sortTitle: string;
  sortCreator: string;
  kudos: number;
  hits: number;
  bookmarks: number;
  comments: number;
  /** Direct tag ids, ascending. */
  tags: number[];
  /** Credited pseuds with their users. */
  creators: Array<{ pseudId: number; userId: number }>;
  series: Array<{ seriesId: number; position: number }>;
}

export interface TagRecord {
  id: number;
  nameKey: string;
  type: string;
  mergerId: number | null;
}

/** Tag types as small codes (255: a type this version does not know). */
export function tagTypeCode(type: string): number {
  const i = (TAG_TYPES as readonly string[]).indexOf(type);
  return i < 0 ? 255 : i;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A timestamp as milliseconds, when its text has the one layout (toISOString's) in which comparing
 * texts — what the SQL does — and comparing numbers agree. Undefined otherwise.
 */
export function isoMs(s: string | null): number | undefined {
  if (s === null || !ISO_MS.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Strings to small integers and back (creator sort keys, languages). */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  find(s: string): number | undefined {
    return this.ids.get(s);
  }
}
