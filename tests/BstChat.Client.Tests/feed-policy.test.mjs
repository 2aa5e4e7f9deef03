import { test } from "node:test";
import assert from "node:assert/strict";
import { changesQuery, nextPollDelay, positionStep, relayStep } from "../../src/BstChat.AspNetCore/Client/bstchat.js";

test("without a cursor the feed is asked for one; with one, the cursor is sent back as given", () => {
  assert.equal(changesQuery(null), "");
  assert.equal(changesQuery("12.ab+c"), "?cursor=12.ab%2Bc&wait=25");
  assert.equal(changesQuery("12.abc", { mode: "poll" }), "?cursor=12.abc&wait=0");
});

test("a long-poll asks again at once; interval polling follows pollAfterMs", () => {
  assert.equal(nextPollDelay({ mode: "longpoll", pollAfterMs: 10_000 }), 0);
  assert.equal(nextPollDelay({ mode: "poll", pollAfterMs: 2_000 }), 2_000);
});

test("more changes waiting are read at once, even by a poller", () => {
  assert.equal(nextPollDelay({ mode: "poll", hasMore: true, pollAfterMs: 2_000 }), 0);
});

const entry = fields => ({ id: "c1", afterSeq: 5, throughSeq: 8, hasMore: false, ...fields });
const message = (changeSeq, conversationId = "c1") => ({ id: `m${changeSeq}`, conversationId, seq: changeSeq, changeSeq });

test("a reader at or past the entry's start applies only the changes after its position", () => {
  const messages = [message(6), message(7), message(8), message(7, "c2")];
  assert.deepEqual(positionStep(5, entry(), messages), { action: "apply", messages: [message(6), message(7), message(8)], position: 8 });
  const step = positionStep(6, entry(), messages);
  assert.deepEqual(step.messages.map(m => m.changeSeq), [7, 8]);
  assert.equal(step.position, 8);
});

test("a reader before the entry's start missed something and catches up", () => {
  assert.equal(positionStep(4, entry(), [message(6)]).action, "catchUp");
});

test("a hasMore entry, or one new to the cursor, is caught up unless the reader is already past it", () => {
  assert.equal(positionStep(5, entry({ hasMore: true }), []).action, "catchUp");
  assert.equal(positionStep(5, entry({ afterSeq: null, hasMore: true }), []).action, "catchUp");
  assert.equal(positionStep(8, entry({ hasMore: true }), []).action, "none");
  assert.equal(positionStep(9, entry({ afterSeq: null, hasMore: true }), []).action, "none");
});

test("an entry that brings nothing past the position (typing, a read marker, a repeat) changes nothing", () => {
  assert.equal(positionStep(8, entry(), [message(6), message(7), message(8)]).action, "none");
  assert.equal(positionStep(8, entry({ afterSeq: 8, throughSeq: 8 }), []).action, "none");
});

test("the tab holding the feed answers only a newcomer's hello, with its cursor", () => {
  assert.deepEqual(relayStep({ leading: true, cursor: "c9" }, { type: "hello" }), { reply: true });
  assert.deepEqual(relayStep({ leading: true, cursor: "c9" }, { type: "changes", answer: { cursor: "x" } }), {});
  assert.deepEqual(relayStep({ leading: true, cursor: "c9" }, { type: "state", cursor: "old" }), {});
  assert.deepEqual(relayStep({ leading: false, cursor: null }, { type: "hello" }), {});
});

test("a listening tab keeps the last cursor it heard: where it starts if it takes over", () => {
  const answer = { cursor: "c10", messages: [] };
  assert.deepEqual(relayStep({ leading: false, cursor: "c9" }, { type: "changes", answer }), { cursor: "c10", status: "live", answer });
  assert.deepEqual(relayStep({ leading: false, cursor: "c9" }, { type: "status", status: "reconnecting" }), { status: "reconnecting" });
});

test("the holder's cursor is taken only by a tab that has heard none: an answer heard since is newer", () => {
  assert.deepEqual(relayStep({ leading: false, cursor: null }, { type: "state", cursor: "c9", status: "live" }), { cursor: "c9", status: "live" });
  assert.deepEqual(relayStep({ leading: false, cursor: "c10" }, { type: "state", cursor: "c9", status: "live" }), { cursor: "c10", status: "live" });
});

test("a reset drops the cursor, so a tab taking over starts from now", () => {
  assert.deepEqual(relayStep({ leading: false, cursor: "c9" }, { type: "reset" }), { cursor: null, reset: true });
});
