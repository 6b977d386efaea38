import type { Chapter, Work } from '../../domain/work.js';
import { isComplete } from '../../domain/work.js';
import type { WorkDisclosure } from '../../policies/index.js';
import type { WorkCounts } from '../../store/count-changes.store.js';
import type { TagInfo } from '../../services/tag-info.js';
import type { z } from '@hono/zod-openapi';
import type { ChapterSchema, TagSchema, WorkSchema } from './schemas.js';

/**
 * A work as the API shows it. With the `blurb` disclosure (the adult gate stands before the text,
 * policies/work.policy.ts) it carries what the interstitial and a listing's blurb show — title,
 * creators, tags, stats, summary — and withholds notes and chapter titles.
 */
export function presentWork(w: Work, disclosure: WorkDisclosure, counts: WorkCounts): z.infer<typeof WorkSchema> {
  const full = disclosure === 'full';
  return {
    id: w.id,
    title: w.title,
    creators: w.creators.map((c) => ({ pseud: c.pseud, username: c.username })),
    rating: w.tags.rating[0] ?? 'Not Rated',
    warnings: w.tags.warning,
    categories: w.tags.category,
    fandoms: w.tags.fandom,
    relationships: w.tags.relationship,
    characters: w.tags.character,
    freeforms: w.tags.freeform,
    summary: w.summary,
    notes: full ? w.notes : null,
    endNotes: full ? w.endNotes : null,
    gated: !full,
    language: w.language,
    wordCount: w.wordCount,
    chapterCount: w.chapterCount,
    kudosCount: counts.kudos,
    hitsCount: counts.hits,
    commentsCount: counts.comments,
    bookmarksCount: counts.bookmarks,
    expectedChapters: w.expectedChapters,
    complete: isComplete(w),
    restricted: w.restricted,
    publishedAt: w.publishedAt,
    updatedAt: w.updatedAt,
    chapters: w.chapters.map((c) => ({ position: c.position, title: full ? c.title : null, wordCount: c.wordCount })),
    series: w.series.map((s) => ({ id: s.id, title: s.title, position: s.position })),
  };
}

export function presentChapter(c: Chapter): z.infer<typeof ChapterSchema> {
  return {
    workId: c.workId,
    position: c.position,
    title: c.title,
    summary: c.summary,
    notes: c.notes,
    endNotes: c.endNotes,
    wordCount: c.wordCount,
    html: c.body,
  };
}

export function presentTag(t: TagInfo): z.infer<typeof TagSchema> {
  return {
    name: t.tag.name,
    type: t.tag.type as z.infer<typeof TagSchema>['type'],
    canonical: t.tag.canonical === 1,
    synonymOf: t.synonymOf,
    synonyms: t.synonyms,
    metaTags: t.metaTags,
    subTags: t.subTags,
    parentFandoms: t.parentFandoms,
    workCount: t.workCount,
    hiddenByBlocklist: t.hiddenByBlocklist,
  };
}
