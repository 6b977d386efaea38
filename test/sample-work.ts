import { emptyTags, type Work } from '../src/domain/work.js';

/**
 * A posted General Audiences work by member 7 ("ann"), for tests of decisions that need no database;
 * `rating` and any field can be changed.
 */
export function sampleWork(over: Partial<Work> & { rating?: string } = {}): Work {
  const tags = emptyTags();
  tags.rating = [over.rating ?? 'General Audiences'];
  tags.warning = ['No Archive Warnings Apply'];
  return {
    id: 1,
    title: 'T',
    summary: '',
    notes: '',
    endNotes: '',
    language: 'en',
    restricted: false,
    expectedChapters: 1,
    posted: true,
    publishedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdAt: '2026-01-01T00:00:00.000Z',
    wordCount: 10,
    chapterCount: 1,
    tags,
    creators: [{ pseudId: 7, pseud: 'ann', userId: 7, username: 'ann' }],
    chapters: [],
    series: [],
    hiddenReason: null,
    ...over,
  };
}
