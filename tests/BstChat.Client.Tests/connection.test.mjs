import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, SharedFeed } from "../../src/BstChat.AspNetCore/Client/bstchat.js";
import { FakeChatServer, nextEvent, collect, until } from "./fake-chat-server.mjs";

const networkDown = () => { throw new TypeError("Failed to fetch"); };

/** A connection on its own user feed (no other tabs: no Web Locks, no channel). */
function open(server, options = {}) {
  const feed = new SharedFeed({ baseUrl: "/chat", mode: options.mode ?? "longpoll", fetch: server.fetch, locks: null });
  return connect({ baseUrl: "/chat", conversationId: server.conversationId, fetch: server.fetch, feed, ...options });
}

const feedAnswer = (server, fields) => new Response(JSON.stringify({
  cursor: `u${server.seq}.0`, messages: [], conversations: [], removed: [], typing: [], readMarkers: [], presence: [],
  hasMore: false, pollAfterMs: 5, ...fields,
}), { status: 200 });

test("the user feed starts from a fresh cursor and then always sends back the last one it was given", async t => {
  const server = new FakeChatServer();
  server.write("ben", "before we joined");
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;

  server.write("ben", "hello");
  await nextEvent(chat, "message", m => m.text === "hello");
  server.write("ben", "again");
  await nextEvent(chat, "message", m => m.text === "again");

  const cursors = server.userFeedRequests.map(r => r.query.cursor);
  assert.equal(cursors[0], undefined);
  assert.match(cursors[1], /^u1\./);
  assert.ok(cursors.some(c => c?.startsWith("u2.")));
  assert.deepEqual(messages.map(m => m.text), ["hello", "again"]);
});

test("a long-poll of the user feed waits on the server and hands over the change the moment it is written", async t => {
  const server = new FakeChatServer();
  const chat = open(server);
  t.after(() => chat.close());
  await chat.ready;
  await until(() => server.userFeedRequests.some(r => r.query.cursor !== undefined), "a request with a cursor");
  assert.equal(server.userFeedRequests.at(-1).query.wait, "25");

  server.write("ben", "now");
  const message = await nextEvent(chat, "message");
  assert.equal(message.text, "now");
  // The conversation's own feed gave the starting cursor and is never held.
  assert.deepEqual(server.requestsTo("GET", "/changes").map(r => r.query.wait), [undefined]);
});

test("an entry that starts past the connection's position is caught up from the conversation's own feed, each change once", async t => {
  const server = new FakeChatServer();
  server.userFeedPage = 0;
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;

  server.write("ben", "one");
  server.write("ben", "two");
  await until(() => messages.length === 2, "both messages");
  const catchUps = server.requestsTo("GET", "/changes").filter(r => r.query.cursor !== undefined);
  assert.ok(catchUps.length >= 1);
  assert.ok(catchUps.every(r => r.query.wait === "0"));
  server.userFeedPage = Infinity;
  server.write("ben", "three");
  await nextEvent(chat, "message", m => m.text === "three");
  assert.deepEqual(messages.map(m => m.text), ["one", "two", "three"]);
});

test("a change written while the connection reads the conversation is neither lost nor doubled", async t => {
  const server = new FakeChatServer();
  // Ben writes just after the connection took its cursor, before it reads the conversation: the
  // user feed (subscribed before either) brings it as a change after the position, or the
  // conversation's lastSeq already counts it and the first history page has it.
  let written = false;
  server.intercept = request => {
    if (!written && request.path === server.base && request.method === "GET") {
      written = true;
      server.write("ben", "in between");
    }
  };
  const chat = open(server);
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;
  const page = await chat.loadOlder();
  server.write("ben", "after");
  await nextEvent(chat, "message", m => m.text === "after");
  const shown = [...page.messages.map(m => m.text), ...messages.map(m => m.text)];
  assert.deepEqual(shown, ["in between", "after"]);
});

test("typing and read markers of the conversation come from the user feed; other conversations' are left out", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  await chat.ready;
  server.intercept = request => request.path === "/chat/changes" && request.query.cursor
    ? (server.intercept = () => undefined, feedAnswer(server, {
      conversations: [{ id: "c1", title: "Lesson", lastSeq: 0, lastReadSeq: 0, unreadCount: 0, lastMessage: null, afterSeq: 0, throughSeq: 0, hasMore: false }],
      typing: [{ conversationId: "c1", userId: "ben", displayName: "Ben" }, { conversationId: "c2", userId: "chloe", displayName: "Chloe" }],
      readMarkers: [{ conversationId: "c1", userId: "ben", lastReadSeq: 4 }, { conversationId: "c2", userId: "ben", lastReadSeq: 9 }],
    }))
    : undefined;
  const [typing, read] = await Promise.all([nextEvent(chat, "typing", t => t.length > 0), nextEvent(chat, "read", r => r.some(m => m.userId === "ben" && m.lastReadSeq > 0))]);
  assert.deepEqual(typing, [{ userId: "ben", displayName: "Ben" }]);
  assert.equal(read.find(m => m.userId === "ben").lastReadSeq, 4);
  // Markers only move forward: an older one heard later changes nothing.
  const reads = collect(chat, "read");
  server.setTyping([]);
  await nextEvent(chat, "typing", t => t.length === 0);
  assert.deepEqual(reads, []);
});

test("a conversation the user was removed from ends its connection", async t => {
  const server = new FakeChatServer();
  const chat = open(server);
  t.after(() => chat.close());
  await chat.ready;
  const removed = nextEvent(chat, "removed");
  server.remove();
  assert.equal(await removed, "c1");
  assert.equal(chat.status, "closed");
});

test("after a network failure the feed reconnects from the same cursor: nothing missed, nothing doubled", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  const statuses = collect(chat, "status");
  await chat.ready;
  server.write("ben", "one");
  await nextEvent(chat, "message", m => m.text === "one");

  server.intercept = networkDown;
  await nextEvent(chat, "status", s => s === "reconnecting");
  const cursorBefore = server.userFeedRequests.at(-1).query.cursor;
  server.write("ben", "two, while down");
  server.intercept = () => undefined;

  await nextEvent(chat, "message", m => m.text === "two, while down");
  const retried = server.userFeedRequests.filter(r => r.query.cursor === cursorBefore);
  assert.ok(retried.length >= 2, "the same cursor was asked again after the failure");
  assert.deepEqual(messages.map(m => m.text), ["one", "two, while down"]);
  assert.deepEqual(statuses, ["connecting", "live", "reconnecting", "live"]);
});

test("a replayed answer (same changes again) emits nothing twice", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;
  const written = server.write("ben", "once");
  // The next answer carries the message again, as a proxy replaying a response might.
  let replays = 2;
  server.intercept = request => request.path === "/chat/changes" && replays-- > 0
    ? feedAnswer(server, {
      cursor: "u0.0",
      messages: [written],
      conversations: [{ id: "c1", title: "Lesson", lastSeq: 1, lastReadSeq: 0, unreadCount: 1, lastMessage: written, afterSeq: 0, throughSeq: 1, hasMore: false }],
    })
    : undefined;
  await nextEvent(chat, "message");
  await new Promise(resolve => setTimeout(resolve, 50));
  assert.deepEqual(messages.map(m => m.text), ["once"]);
});

test("a send that fails on the network stays pending and is retried with the same clientMessageId", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const outbox = collect(chat, "outbox");
  const mine = collect(chat, "message");
  await chat.ready;

  let failures = 2;
  server.intercept = request => request.method === "POST" && request.path.endsWith("/messages") && failures-- > 0 ? networkDown() : undefined;
  const stored = await chat.send("hello");

  const posts = server.requestsTo("POST", "/messages");
  assert.equal(posts.length, 3);
  assert.equal(new Set(posts.map(p => p.body.clientMessageId)).size, 1);
  assert.deepEqual(outbox.map(e => e.state), ["pending", "sent"]);
  assert.equal(stored.clientMessageId, posts[0].body.clientMessageId);
  assert.equal(server.messages.length, 1);
  await new Promise(resolve => setTimeout(resolve, 30));
  assert.deepEqual(mine.map(m => m.text), ["hello"], "the feed's copy of our message is not delivered again");
});

test("a send whose answer was lost is stored once: the retry is answered with the same message", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const mine = collect(chat, "message");
  await chat.ready;

  // The feed is down, so it is the retry, not the feed, that acknowledges the send.
  let lose = true;
  server.intercept = async request => {
    if (request.path.endsWith("/changes")) return new Response("{}", { status: 503 });
    if (request.method !== "POST" || !lose) return undefined;
    lose = false;
    await server.serve(request);
    throw new TypeError("connection reset");
  };
  await chat.send("exactly once");

  const posts = server.requestsTo("POST", "/messages");
  assert.equal(posts.length, 2);
  assert.equal(posts[0].body.clientMessageId, posts[1].body.clientMessageId);
  assert.equal(server.messages.filter(m => m.text === "exactly once").length, 1);
  assert.deepEqual(mine.map(m => m.text), ["exactly once"]);
});

test("messages are sent in the order written, one at a time", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  await chat.ready;
  await Promise.all([chat.send("first"), chat.send("second"), chat.send("third")]);
  assert.deepEqual(server.messages.map(m => m.text), ["first", "second", "third"]);
});

test("a refused send fails with a retry that reuses its clientMessageId", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const outbox = collect(chat, "outbox");
  await chat.ready;

  server.intercept = request => request.method === "POST" && request.path.endsWith("/messages")
    ? new Response(JSON.stringify({ code: "store_full", detail: "nope" }), { status: 409 })
    : undefined;
  await assert.rejects(chat.send("try me"), error => error.status === 409);
  const failed = outbox.at(-1);
  assert.equal(failed.state, "failed");

  server.intercept = () => undefined;
  const stored = await chat.retry(failed.clientMessageId);
  assert.equal(stored.clientMessageId, failed.clientMessageId);
  assert.deepEqual(outbox.map(e => e.state), ["pending", "failed", "pending", "sent"]);
});

test("a send refused with 429 is sent again only after its Retry-After, not after the shorter backoff", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  await chat.ready;
  // Fake timers from here: the wait before the retry is counted, not slept.
  t.mock.timers.enable({ apis: ["setTimeout"] });
  let refusals = 1;
  server.intercept = request => request.method === "POST" && request.path.endsWith("/messages") && refusals-- > 0
    ? new Response(JSON.stringify({ status: 429, code: "too_many_writes" }), { status: 429, headers: { "Retry-After": "20" } })
    : undefined;
  const settle = async () => { for (let i = 0; i < 20; i++) await new Promise(resolve => setImmediate(resolve)); };

  const sent = chat.send("patience");
  await settle();
  assert.equal(server.requestsTo("POST", "/messages").length, 1);

  // The first backoff is at most 500 ms; the server asked for 20 s.
  t.mock.timers.tick(19_000);
  await settle();
  assert.equal(server.requestsTo("POST", "/messages").length, 1);

  t.mock.timers.tick(1_000);
  const stored = await sent;
  const posts = server.requestsTo("POST", "/messages");
  assert.equal(posts.length, 2);
  assert.equal(posts[1].body.clientMessageId, stored.clientMessageId);
});

test("typing is sent at most once per 3 s however fast the user types", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  await chat.ready;
  for (let i = 0; i < 10; i++) await chat.typing();
  assert.equal(server.requestsTo("POST", "/typing").length, 1);
});

test("typing from the feed leaves out the caller", async t => {
  const server = new FakeChatServer();
  server.typing = [{ userId: "anna", displayName: "Anna" }, { userId: "ben", displayName: "Ben" }];
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const typing = await nextEvent(chat, "typing", users => users.length > 0);
  assert.deepEqual(typing, [{ userId: "ben", displayName: "Ben" }]);
});

test("read markers wait while the page is hidden and go out when it is shown", async t => {
  const page = new EventTarget();
  page.visibilityState = "hidden";
  globalThis.document = page;
  t.after(() => { delete globalThis.document; });
  const server = new FakeChatServer();
  server.write("ben", "unread");
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  await chat.ready;

  chat.markRead(1);
  await new Promise(resolve => setTimeout(resolve, 20));
  assert.equal(server.requestsTo("POST", "/read").length, 0);

  page.visibilityState = "visible";
  page.dispatchEvent(new Event("visibilitychange"));
  await until(() => server.requestsTo("POST", "/read").length > 0, "a read marker sent");
  assert.deepEqual(server.requestsTo("POST", "/read").map(r => r.body.seq), [1]);
});

test("when the server no longer knows the feed's cursor, the connection starts over and catches up from history", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;
  server.write("ben", "seen");
  await nextEvent(chat, "message");

  // The store was reset, so our cursors are ahead of it; a message lands in it just before the
  // feed takes a fresh cursor, so only the catch-up from history can bring it.
  server.seq = 0;
  server.messages = [];
  server.intercept = request => {
    if (request.path === "/chat/changes" && request.query.cursor === undefined) {
      server.intercept = () => undefined;
      server.write("ben", "after the reset");
    }
  };
  const error = await nextEvent(chat, "error");
  assert.equal(error.code, "invalid_cursor");
  await nextEvent(chat, "message", m => m.text === "after the reset");
  server.write("ben", "and then");
  await nextEvent(chat, "message", m => m.text === "and then");
  assert.deepEqual(messages.map(m => m.text), ["seen", "after the reset", "and then"]);
});

test("when the conversation's own feed refuses its cursor (one of another conversation, or from before an upgrade), the connection starts over, each change once", async t => {
  const server = new FakeChatServer();
  server.userFeedPage = 0;
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;

  // The catch-up's cursor is refused once; the user feed's is not.
  let refused = 0;
  server.intercept = request => {
    if (request.path === `${server.base}/changes` && request.query.cursor !== undefined && refused++ === 0) {
      return new Response(JSON.stringify({ status: 400, code: "invalid_cursor", detail: "another conversation's cursor" }), { status: 400 });
    }
    return undefined;
  };
  server.write("ben", "one");
  const error = await nextEvent(chat, "error");
  assert.equal(error.code, "invalid_cursor");
  await until(() => messages.length === 1, "the message, from the fresh start");
  // Started over: a fresh cursor (asked without one), then the conversation and its latest history.
  const fresh = server.requestsTo("GET", "/changes").at(-1);
  assert.equal(fresh.query.cursor, undefined);
  assert.ok(server.requestsTo("GET", "/messages").length >= 1);

  server.write("ben", "two");
  await nextEvent(chat, "message", m => m.text === "two");
  assert.deepEqual(messages.map(m => m.text), ["one", "two"]);
  assert.equal(refused > 1, true, "the catch-up after the fresh start used the new cursor");
});

test("history pages go backwards from the oldest loaded message", async t => {
  const server = new FakeChatServer();
  for (let i = 1; i <= 5; i++) server.write("ben", `m${i}`);
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const first = await chat.loadOlder(2);
  assert.deepEqual(first.messages.map(m => m.text), ["m4", "m5"]);
  assert.equal(first.hasMore, true);
  const second = await chat.loadOlder(2);
  assert.deepEqual(second.messages.map(m => m.text), ["m2", "m3"]);
  assert.equal(server.requestsTo("GET", "/messages").at(-1).query.before, "4");
});

test("a history page shows each message in the newest state the feed has brought", async t => {
  const server = new FakeChatServer();
  const old = server.write("ben", "old");
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  await chat.ready;
  server.edit(old.id, "old, edited");
  await nextEvent(chat, "changed");
  // A page read from a lagging replica would still carry the first text.
  server.intercept = request => request.path.endsWith("/messages")
    ? new Response(JSON.stringify({ messages: [{ ...old, text: "old", changeSeq: 1 }], hasMore: false }), { status: 200 })
    : undefined;
  const page = await chat.loadOlder();
  assert.deepEqual(page.messages.map(m => m.text), ["old, edited"]);
});

test("an edit of a message from before we joined is a change, not a new message", async t => {
  const server = new FakeChatServer();
  const old = server.write("ben", "old");
  const chat = open(server, { mode: "poll" });
  t.after(() => chat.close());
  const messages = collect(chat, "message");
  await chat.ready;
  server.edit(old.id, "old, edited");
  const changed = await nextEvent(chat, "changed");
  assert.equal(changed.text, "old, edited");
  assert.deepEqual(messages, []);
});

test("a refusal that retrying cannot fix closes the connection", async t => {
  const server = new FakeChatServer();
  const chat = open(server, { conversationId: "not-mine" });
  t.after(() => chat.close());
  const error = await nextEvent(chat, "error");
  assert.equal(error.status, 404);
  assert.equal(chat.status, "closed");
});
