import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Creator } from '../domain/work.js';
import {
  canAnswerCoCreatorInvitation,
  canInviteCoCreators,
  canRemoveCreator,
  canSeeCoCreatorRequests,
  guestViewer,
  memberViewer,
} from './index.js';

const viewer = (id: number, isAdmin = false) => memberViewer({ id, username: `u${id}`, isAdmin, viewAdult: false });
const by = (...userIds: number[]): { creators: Creator[] } => ({
  creators: userIds.map((id) => ({ pseudId: id * 10, pseud: `p${id}`, userId: id, username: `u${id}` })),
});

test('any member may name co-creators on a new work; only its creators on an existing one', () => {
  assert.equal(canInviteCoCreators(viewer(1), undefined), true);
  assert.equal(canInviteCoCreators(guestViewer(), undefined), false);
  assert.equal(canInviteCoCreators(viewer(1), by(1)), true);
  assert.equal(canInviteCoCreators(viewer(2), by(1)), false);
});

test('only the invited member answers an invitation or sees their requests (admins neither)', () => {
  assert.equal(canAnswerCoCreatorInvitation(viewer(2), { inviteeUserId: 2 }), true);
  assert.equal(canAnswerCoCreatorInvitation(viewer(1), { inviteeUserId: 2 }), false);
  assert.equal(canAnswerCoCreatorInvitation(viewer(3, true), { inviteeUserId: 2 }), false);
  assert.equal(canAnswerCoCreatorInvitation(guestViewer(), { inviteeUserId: 2 }), false);
  assert.equal(canAnswerCoCreatorInvitation(viewer(2), undefined), false);
  assert.equal(canSeeCoCreatorRequests(viewer(2), 2), true);
  assert.equal(canSeeCoCreatorRequests(viewer(1), 2), false);
});

test('a creator removes only themselves, and not as the only creator', () => {
  assert.equal(canRemoveCreator(viewer(2), by(1, 2), 2), true);
  assert.equal(canRemoveCreator(viewer(2), by(1, 2), 1), false);
  assert.equal(canRemoveCreator(viewer(1), by(1), 1), false);
  assert.equal(canRemoveCreator(viewer(3), by(1, 2), 3), false);
  assert.equal(canRemoveCreator(viewer(3, true), by(1, 2), 1), false);
});
