// A conversation through a client generated from the sample's OpenAPI document: openapi-fetch
// over the types openapi-typescript wrote to generated/schema.d.ts. `tsc` checks this file against
// those types first (checkJs), so a document that cannot express a call fails before it runs.
//
//   node conversation.mjs http://127.0.0.1:PORT      (the sample, signed in through /login)
import assert from "node:assert/strict";
import createClient from "openapi-fetch";

const baseUrl = process.argv[2];
assert.ok(baseUrl, "usage: node conversation.mjs <sample base URL>");
const conversationId = "anna-ben";

/** @param {string} user */
async function signIn(user) {
  const response = await fetch(`${baseUrl}/login?user=${user}`, { redirect: "manual" });
  assert.equal(response.status, 302);
  const cookie = response.headers.getSetCookie().map(c => c.split(";")[0]).join("; ");
  assert.ok(cookie, `no sign-in cookie for ${user}`);
  /** @type {import("openapi-fetch").Client<import("./generated/schema.js").paths>} */
  const client = createClient({ baseUrl, headers: { cookie } });
  return client;
}

/**
 * The problem code of a refused call, checked against the generated error type.
 * @param {{ error?: unknown, response: Response }} result
 * @param {number} status
 */
function problem(result, status) {
  assert.equal(result.response.status, status);
  assert.equal(result.response.headers.get("content-type"), "application/problem+json");
  const error = /** @type {{ code?: string }} */ (result.error);
  assert.ok(error?.code, "a problem without a code");
  return error.code;
}

const anna = await signIn("anna");
const ben = await signIn("ben");
const path = { conversationId };
const codes = new Set();

// Where Ben's feed stands now.
const start = await ben.GET("/chat/conversations/{conversationId}/changes", { params: { path } });
assert.equal(start.response.status, 200);
assert.ok(start.data);
const cursor = start.data.cursor;

// Ben long-polls; Anna sends; the held request answers with her message.
const held = ben.GET("/chat/conversations/{conversationId}/changes", { params: { path, query: { cursor, wait: 20 } } });
const clientMessageId = `generated-${Date.now()}`;
const sent = await anna.POST("/chat/conversations/{conversationId}/messages", { params: { path }, body: { text: "From the generated client", clientMessageId } });
assert.equal(sent.response.status, 201);
assert.ok(sent.data);
const message = sent.data;
assert.equal(message.text, "From the generated client");
const woken = await held;
assert.ok(woken.data);
assert.ok(woken.data.messages.some(m => m.id === message.id), "the held request did not carry the send");

// The Location of the 201 is the message's own URL.
const location = sent.response.headers.get("location");
assert.ok(location);
const one = await anna.GET("/chat/conversations/{conversationId}/messages/{messageId}", { params: { path: { conversationId, messageId: message.id } } });
assert.equal(one.response.status, 200);
assert.equal(new URL(location, baseUrl).pathname, new URL(one.response.url).pathname);

// A replay of the same clientMessageId: 200 with the first message, nothing stored.
const replay = await anna.POST("/chat/conversations/{conversationId}/messages", { params: { path }, body: { text: "From the generated client", clientMessageId } });
assert.equal(replay.response.status, 200);
assert.equal(replay.data?.id, message.id);

// Paging: a page of one ends at the message; the page before it does not hold it.
const latest = await ben.GET("/chat/conversations/{conversationId}/messages", { params: { path, query: { limit: 1 } } });
assert.equal(latest.data?.messages.at(-1)?.id, message.id);
const older = await ben.GET("/chat/conversations/{conversationId}/messages", { params: { path, query: { before: message.seq, limit: 1 } } });
assert.equal(older.response.status, 200);
assert.ok(older.data?.messages.every(m => m.seq < message.seq));

// Edit, typing, read marker, delete: each seen in Ben's feed.
const edited = await anna.PATCH("/chat/conversations/{conversationId}/messages/{messageId}", { params: { path: { conversationId, messageId: message.id } }, body: { text: "Edited" } });
assert.equal(edited.data?.text, "Edited");
const typing = await anna.POST("/chat/conversations/{conversationId}/typing", { params: { path } });
assert.equal(typing.response.status, 204);
const read = await ben.POST("/chat/conversations/{conversationId}/read", { params: { path }, body: { seq: message.seq } });
assert.equal(read.response.status, 204);
const seen = await anna.GET("/chat/conversations/{conversationId}/changes", { params: { path, query: { cursor, wait: 0 } } });
assert.ok(seen.data);
assert.equal(seen.data.messages.find(m => m.id === message.id)?.text, "Edited");
assert.ok(seen.data.readMarkers.some(r => r.userId === "ben" && r.lastReadSeq >= message.seq));
const deleted = await anna.DELETE("/chat/conversations/{conversationId}/messages/{messageId}", { params: { path: { conversationId, messageId: message.id } } });
assert.equal(deleted.response.status, 204);
const tombstone = await ben.GET("/chat/conversations/{conversationId}/messages/{messageId}", { params: { path: { conversationId, messageId: message.id } } });
assert.ok(tombstone.data?.deletedAt);

// The user feed, through the same client.
const feed = await ben.GET("/chat/changes", { params: { query: { wait: 0 } } });
assert.equal(feed.response.status, 200);
assert.ok(feed.data?.conversations.some(c => c.id === conversationId));

// Every refusal the client can provoke, each with its documented code.
codes.add(problem(await anna.POST("/chat/conversations/{conversationId}/messages", { params: { path }, body: { text: "" } }), 400));
codes.add(problem(await anna.POST("/chat/conversations/{conversationId}/messages", { params: { path }, body: { text: "x".repeat(100_000) } }), 413));
const conflicting = `${clientMessageId}-conflict`;
assert.equal((await anna.POST("/chat/conversations/{conversationId}/messages", { params: { path }, body: { text: "first", clientMessageId: conflicting } })).response.status, 201);
codes.add(problem(await anna.POST("/chat/conversations/{conversationId}/messages", { params: { path }, body: { text: "second", clientMessageId: conflicting } }), 409));
codes.add(problem(await anna.PATCH("/chat/conversations/{conversationId}/messages/{messageId}", { params: { path: { conversationId, messageId: message.id } }, body: { text: "too late" } }), 409));
codes.add(problem(await ben.DELETE("/chat/conversations/{conversationId}/messages/{messageId}", { params: { path: { conversationId, messageId: "no-such-message" } } }), 404));
codes.add(problem(await anna.GET("/chat/conversations/{conversationId}/changes", { params: { path, query: { cursor: "not-a-cursor" } } }), 400));
codes.add(problem(await anna.GET("/chat/conversations/{conversationId}/messages", { params: { path, query: { limit: 1_000_000 } } }), 400));
codes.add(problem(await anna.GET("/chat/conversations/{conversationId}", { params: { path: { conversationId: "lesson-nobody-has" } } }), 404));
codes.add(problem(await anna.POST("/chat/conversations/{conversationId}/read", { params: { path }, body: { seq: -1 } }), 400));
/** @type {import("openapi-fetch").Client<import("./generated/schema.js").paths>} */
const anonymous = createClient({ baseUrl });
codes.add(problem(await anonymous.GET("/chat/conversations"), 401));

console.log(`conversation complete; refusals seen: ${[...codes].sort().join(", ")}`);
