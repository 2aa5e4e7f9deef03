import { test } from "node:test";
import assert from "node:assert/strict";
import { InboxState, isNewerInboxEntry, watchInbox, SharedFeed } from "../../src/BstChat.AspNetCore/Client/bstchat.js";
import { conversationHref, membersPresence, presenceLabel, previewLine } from "../../src/BstChat.AspNetCore/Client/bstchat-inbox.js";
import { FakeChatServer, nextEvent, until } from "./fake-chat-server.mjs";

const entry = (id, fields = {}) => ({ id, title: id, lastSeq: 1, lastReadSeq: 0, unreadCount: 1, lastMessage: null, ...fields });

test("an inbox entry replaces the known one only if the conversation or the reader's marker moved on", () => {
  const known = entry("a", { lastSeq: 5, lastReadSeq: 3 });
  assert.equal(isNewerInboxEntry(known, { lastSeq: 6, lastReadSeq: 3 }), true);
  assert.equal(isNewerInboxEntry(known, { lastSeq: 5, lastReadSeq: 4 }), true);
  assert.equal(isNewerInboxEntry(known, { lastSeq: 5, lastReadSeq: 3 }), false);
  assert.equal(isNewerInboxEntry(known, { lastSeq: 4, lastReadSeq: 9 }), false);
});

test("the inbox keeps the server's order, puts a conversation with a new message first, and drops removed ones", () => {
  const state = new InboxState();
  state.load([entry("a"), entry("b"), entry("c")]);
  assert.deepEqual(state.snapshot().conversations.map(c => c.id), ["a", "b", "c"]);

  assert.equal(state.apply({ conversations: [entry("c", { lastSeq: 2, unreadCount: 2 })] }), true);
  assert.deepEqual(state.snapshot().conversations.map(c => c.id), ["c", "a", "b"]);
  assert.equal(state.snapshot().conversations[0].unreadCount, 2);

  // Read on another device: the marker moves, the order does not.
  state.apply({ conversations: [entry("b", { lastReadSeq: 1, unreadCount: 0 })] });
  assert.deepEqual(state.snapshot().conversations.map(c => [c.id, c.unreadCount]), [["c", 2], ["a", 1], ["b", 0]]);

  assert.equal(state.apply({ conversations: [], removed: ["a"] }), true);
  assert.deepEqual(state.snapshot().conversations.map(c => c.id), ["c", "b"]);
  state.apply({ conversations: [entry("new", { lastSeq: 1 })] });
  assert.equal(state.snapshot().conversations[0].id, "new");
});

test("an entry older than what the inbox shows (heard before the inbox was read) changes nothing", () => {
  const state = new InboxState();
  state.load([entry("a", { lastSeq: 7, unreadCount: 3 })]);
  assert.equal(state.apply({ conversations: [entry("a", { lastSeq: 6, unreadCount: 2 })] }), false);
  assert.equal(state.snapshot().conversations[0].unreadCount, 3);
});

test("presence and typing are whole sets, replaced by each answer that has them", () => {
  const state = new InboxState();
  state.load([]);
  assert.equal(state.apply({ conversations: [], presence: [{ userId: "ben", online: true }], typing: [] }), true);
  assert.equal(state.apply({ conversations: [], presence: [{ userId: "ben", online: true }], typing: [] }), false);
  assert.equal(state.apply({ conversations: [], presence: [], typing: [] }), true);
  assert.deepEqual(state.snapshot().presence, []);
});

test("watchInbox reads the inbox once, then changes it from the user feed without polling", async t => {
  const server = new FakeChatServer();
  const feed = new SharedFeed({ baseUrl: "/chat", fetch: server.fetch, locks: null });
  const inbox = watchInbox({ baseUrl: "/chat", fetch: server.fetch, feed });
  t.after(() => inbox.close());
  const first = await nextEvent(inbox, "inbox");
  assert.deepEqual(first.conversations.map(c => [c.id, c.unreadCount]), [["c1", 0]]);
  await until(() => feed.status === "live", "the feed live");

  server.write("ben", "hi");
  const next = await nextEvent(inbox, "inbox", d => d.conversations[0].unreadCount === 1);
  assert.equal(next.conversations[0].lastMessage.text, "hi");
  assert.equal(server.requests.filter(r => r.path === "/chat/conversations").length, 1);

  server.remove();
  const after = await nextEvent(inbox, "inbox", d => d.conversations.length === 0);
  assert.deepEqual(after.conversations, []);
});

test("a link comes from the template with the id encoded", () => {
  assert.equal(conversationHref("/lessons/{id}", "lesson 1/a"), "/lessons/lesson%201%2Fa");
  assert.equal(conversationHref("#{id}", "x"), "#x");
});

test("the presence dot counts the other members the server knows, and says who is online", () => {
  const members = [{ userId: "anna", displayName: "Anna" }, { userId: "ben", displayName: "Ben" }, { userId: "chloe", displayName: "Chloe" }];
  const presence = [{ userId: "ben", online: true, lastSeenAt: null }, { userId: "chloe", online: false, lastSeenAt: "2026-12-03T17:00:00Z" }];
  const seen = membersPresence(members, presence, "anna");
  assert.deepEqual(seen, { online: ["Ben"], away: [{ name: "Chloe", lastSeenAt: "2026-12-03T17:00:00Z" }] });
  assert.equal(presenceLabel(seen), "Ben is online");
  assert.equal(presenceLabel({ online: ["Ben", "Chloe", "Dan"] }), "Ben, Chloe and Dan are online");
  assert.equal(presenceLabel({ online: [] }), "Offline");
  // Presence switched off (empty), or members not read yet: no dot at all.
  assert.equal(membersPresence(members, [], "anna"), null);
  assert.equal(membersPresence(undefined, presence, "anna"), null);
});

test("the preview shows who is typing in that conversation, else the last message with its sender", () => {
  const conversation = entry("a", { lastMessage: { senderId: "ben", senderName: "Ben", text: "see you" } });
  assert.deepEqual(previewLine(conversation, [], "anna"), [{ user: "Ben" }, ": ", { user: "see you" }]);
  assert.deepEqual(previewLine(conversation, [{ conversationId: "a", userId: "ben", displayName: "Ben" }], "anna"), [{ user: "Ben" }, " is typing…"]);
  assert.deepEqual(previewLine(conversation, [{ conversationId: "b", userId: "ben", displayName: "Ben" }, { conversationId: "a", userId: "anna", displayName: "Anna" }], "anna"),
    [{ user: "Ben" }, ": ", { user: "see you" }]);
  assert.deepEqual(previewLine(entry("a", { lastMessage: { senderId: "anna", senderName: "Anna", text: "ok" } }), [], "anna"), ["You", ": ", { user: "ok" }]);
  assert.deepEqual(previewLine(entry("a"), [], "anna"), ["No messages yet"]);
});
