import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleWork } from '../../test/sample-work.js';
import {
  canDeleteComment,
  canEditComment,
  canModerateComments,
  commentScope,
  commentVisibleTo,
  DEFAULT_COMMENT_SETTINGS,
  guestViewer,
  mayComment,
  mayLeaveKudos,
  memberViewer,
  type CommentFacts,
} from './index.js';

const work = sampleWork;
const creator = () => memberViewer({ id: 7, username: 'ann', isAdmin: false, viewAdult: false });
const member = () => memberViewer({ id: 8, username: 'bo', isAdmin: false, viewAdult: false });
const comment = (over: Partial<CommentFacts> = {}): CommentFacts => ({
  userId: 9,
  status: 'published',
  frozen: false,
  hiddenReason: null,
  ...over,
});
const none = { blockedBy: [] };

test('who may comment: the settings, drafts and restricted works, and the creator always', () => {
  assert.equal(mayComment(guestViewer(), work(), DEFAULT_COMMENT_SETTINGS, none), 'ok');
  assert.equal(mayComment(guestViewer(), work(), { who: 'members', moderated: false }, none), 'members');
  assert.equal(mayComment(member(), work(), { who: 'members', moderated: false }, none), 'ok');
  assert.equal(mayComment(member(), work(), { who: 'none', moderated: false }, none), 'closed');
  assert.equal(mayComment(creator(), work(), { who: 'none', moderated: false }, none), 'ok');
  assert.equal(mayComment(guestViewer(), work({ restricted: true }), DEFAULT_COMMENT_SETTINGS, none), 'hidden');
  assert.equal(mayComment(creator(), work({ posted: false }), DEFAULT_COMMENT_SETTINGS, none), 'hidden');
});

test('replies: not to a frozen, deleted or held comment, nor to a member who blocked you', () => {
  const s = DEFAULT_COMMENT_SETTINGS;
  assert.equal(mayComment(member(), work(), s, { blockedBy: [], parent: comment({ frozen: true }) }), 'frozen');
  assert.equal(mayComment(member(), work(), s, { blockedBy: [], parent: comment({ status: 'deleted' }) }), 'gone');
  assert.equal(mayComment(member(), work(), s, { blockedBy: [], parent: comment({ status: 'held' }) }), 'hidden');
  assert.equal(mayComment(member(), work(), s, { blockedBy: [9], parent: comment() }), 'blocked');
  assert.equal(mayComment(member(), work(), s, { blockedBy: [7] }), 'blocked', 'the creator blocked them');
  assert.equal(mayLeaveKudos(member(), work(), [7]), 'blocked');
  assert.equal(mayLeaveKudos(member(), work(), []), 'ok');
  // A guest is never "blocked": blocking is between members.
  assert.equal(mayComment(guestViewer(), work(), s, { blockedBy: [7] }), 'ok');
});

test('a held comment is seen by its author and the creators only; muted authors only for members', () => {
  const held = comment({ status: 'held', userId: 8 });
  assert.equal(commentVisibleTo(member(), work(), held), true);
  assert.equal(commentVisibleTo(creator(), work(), held), true);
  assert.equal(commentVisibleTo(guestViewer(), work(), held), false);
  assert.equal(commentVisibleTo(guestViewer(), work(), comment()), true);
  assert.equal(commentVisibleTo(guestViewer(), work({ restricted: true }), comment()), false);
  assert.deepEqual(commentScope(creator(), work(), [3]), {
    heldOfUserId: 7,
    allHeld: true,
    mutedUserIds: [3],
    hiddenOfUserId: 7,
    allHidden: false,
  });
  assert.deepEqual(commentScope(guestViewer(), work(), [3]), {
    heldOfUserId: null,
    allHeld: false,
    mutedUserIds: [],
    hiddenOfUserId: null,
    allHidden: false,
  });
});

test('a comment a moderator hid: its author and moderators see it; no one replies to it; the suspended do not comment', () => {
  const hidden = comment({ userId: 8, hiddenReason: 'Rude.' });
  const moderator = () => memberViewer({ id: 5, username: 'mo', isAdmin: false, isModerator: true, viewAdult: false });
  assert.equal(commentVisibleTo(member(), work(), hidden), true, 'its author');
  assert.equal(commentVisibleTo(moderator(), work(), hidden), true);
  assert.equal(commentVisibleTo(creator(), work(), hidden), false, 'not even the work’s creator');
  assert.equal(commentVisibleTo(guestViewer(), work(), hidden), false);
  assert.equal(commentScope(moderator(), work(), []).allHidden, true);
  assert.equal(mayComment(moderator(), work(), DEFAULT_COMMENT_SETTINGS, { blockedBy: [], parent: hidden }), 'gone');
  const until = new Date(Date.now() + 86_400_000).toISOString();
  const suspended = memberViewer({
    id: 9,
    username: 'su',
    isAdmin: false,
    viewAdult: false,
    suspension: { until, reason: 'Spam.' },
  });
  assert.equal(mayComment(suspended, work(), DEFAULT_COMMENT_SETTINGS, { blockedBy: [] }), 'suspended');
  const ended = memberViewer({ ...suspended.user!, suspension: { until: '2020-01-01T00:00:00.000Z', reason: 'Old.' } });
  assert.equal(mayComment(ended, work(), DEFAULT_COMMENT_SETTINGS, { blockedBy: [] }), 'ok', 'an ended suspension');
});

test('edit, delete and moderate: authors their own, creators any comment on their work', () => {
  const mine = comment({ userId: 8 });
  assert.equal(canEditComment(member(), mine), true);
  assert.equal(canEditComment(creator(), mine), false, 'a creator deletes, never rewrites, a reader’s words');
  assert.equal(canEditComment(member(), { ...mine, status: 'deleted' }), false);
  assert.equal(canDeleteComment(member(), work(), mine), true);
  assert.equal(canDeleteComment(creator(), work(), mine), true);
  assert.equal(canDeleteComment(member(), work(), comment()), false);
  assert.equal(canModerateComments(creator(), work()), true);
  assert.equal(canModerateComments(member(), work()), false);
});
