import type { z } from '@hono/zod-openapi';
import type { Work } from '../../domain/work.js';
import type { CommentNode, CommentThreads } from '../../services/comment-threads.js';
import type { CommentReplySchema, CommentsPageSchema } from './schemas.js';

type Reply = z.infer<typeof CommentReplySchema>;

function present(n: CommentNode, work: Work): Reply {
  const c = n.comment;
  const hidden = n.shown !== 'text';
  const chapter = c.chapterId !== null ? work.chapters.find((ch) => ch.id === c.chapterId) : undefined;
  return {
    id: c.id,
    parentId: c.parentId,
    depth: c.depth,
    chapterPosition: chapter?.position ?? null,
    author: hidden ? null : { pseud: c.pseud, username: c.username, guestName: c.guestName, isCreator: n.byCreator },
    body: hidden ? null : c.body,
    state: n.shown === 'muted' || n.shown === 'hidden' ? n.shown : c.status,
    frozen: c.frozen,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
    continues: n.continues,
  };
}

function flatten(nodes: CommentNode[], work: Work, out: Reply[]): Reply[] {
  for (const n of nodes) {
    out.push(present(n, work));
    flatten(n.replies, work, out);
  }
  return out;
}

/** A page of threads: each top-level comment with its replies in thread order. */
export function presentComments(t: CommentThreads, work: Work): z.infer<typeof CommentsPageSchema> {
  return {
    comments: t.threads.map((n) => ({ ...present(n, work), replies: flatten(n.replies, work, []) })),
    total: t.total,
    page: t.page,
    pages: t.pages,
  };
}
