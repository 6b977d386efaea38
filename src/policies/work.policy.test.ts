import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sampleWork } from '../../test/sample-work.js';
import { canEditWork, canSeeWork, draftsScope, guestViewer, listingScope, memberViewer, workAccess } from './index.js';

const work = sampleWork;
const creator = () => memberViewer({ id: 7, username: 'ann', isAdmin: false, viewAdult: false });
const member = (over: { isAdmin?: boolean; viewAdult?: boolean } = {}) =>
  memberViewer({ id: 8, username: 'bo', isAdmin: over.isAdmin ?? false, viewAdult: over.viewAdult ?? false });

test('drafts are seen only by their creators — not by other members, admins or guests', () => {
  const draft = work({ posted: false });
  assert.equal(canSeeWork(creator(), draft), true);
  assert.equal(canSeeWork(member(), draft), false);
  assert.equal(canSeeWork(member({ isAdmin: true }), draft), false);
  assert.equal(workAccess(guestViewer(), draft), 'hidden');
});

test('restricted works are hidden from guests and shown to members', () => {
  const r = work({ restricted: true });
  assert.equal(workAccess(guestViewer(), r), 'hidden');
  assert.equal(workAccess(member(), r), 'read');
});

test('Mature, Explicit and Not Rated works are gated; General and Teen are not', () => {
  for (const rating of ['Mature', 'Explicit', 'Not Rated'])
    assert.equal(workAccess(guestViewer(), work({ rating })), 'gate', rating);
  for (const rating of ['General Audiences', 'Teen And Up Audiences'])
    assert.equal(workAccess(guestViewer(), work({ rating })), 'read', rating);
});

test('the gate opens for consent, the session, creators, admins and members who opted in — but never un-hides', () => {
  const w = work({ rating: 'Explicit' });
  assert.equal(workAccess(guestViewer(), w, true), 'read');
  assert.equal(workAccess({ ...guestViewer(), sessionViewAdult: true }, w), 'read');
  assert.equal(workAccess(creator(), w), 'read');
  assert.equal(workAccess(member({ isAdmin: true }), w), 'read');
  assert.equal(workAccess(member({ viewAdult: true }), w), 'read');
  assert.equal(workAccess(member(), w), 'gate');
  assert.equal(workAccess(guestViewer(), work({ rating: 'Explicit', restricted: true }), true), 'hidden');
});

test('only creators edit; listings include restricted works for members only; drafts lists only for their owner', () => {
  assert.equal(canEditWork(creator(), work()), true);
  assert.equal(canEditWork(member({ isAdmin: true }), work()), false);
  assert.equal(listingScope(guestViewer()).includeRestricted, false);
  assert.equal(listingScope(member()).includeRestricted, true);
  assert.equal(draftsScope(member(), 7), undefined);
  assert.deepEqual(draftsScope(creator(), 7), {
    includeRestricted: true,
    draftsOfUserId: 7,
    exclusions: { tagPatterns: [], mutedUserIds: [] },
  });
});

test('every decision is recorded on the viewer', () => {
  const v = guestViewer();
  workAccess(v, work({ rating: 'Explicit' }));
  assert.deepEqual(v.decisions, ['work:see', 'work:read']);
});

test('a work a moderator hid exists for its creators and moderators only, and is never listed', () => {
  const hidden = sampleWork({ hiddenReason: 'Spam.' });
  const moderator = memberViewer({ id: 5, username: 'mo', isAdmin: false, isModerator: true, viewAdult: false });
  const admin = memberViewer({ id: 6, username: 'ad', isAdmin: true, viewAdult: false });
  const creator = memberViewer({ id: 7, username: 'ann', isAdmin: false, viewAdult: false });
  const other = memberViewer({ id: 8, username: 'bo', isAdmin: false, viewAdult: false });
  assert.equal(canSeeWork(creator, hidden), true);
  assert.equal(canSeeWork(moderator, hidden), true);
  assert.equal(canSeeWork(admin, hidden), true);
  assert.equal(canSeeWork(other, hidden), false);
  assert.equal(canSeeWork(guestViewer(), hidden), false);
  assert.equal(workAccess(other, hidden), 'hidden');
});
