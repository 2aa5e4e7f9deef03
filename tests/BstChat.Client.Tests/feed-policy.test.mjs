import { test } from "node:test";
import assert from "node:assert/strict";
import { changesQuery, nextPollDelay, HIDDEN_POLL_MS } from "../../src/BstChat.AspNetCore/Client/bstchat.js";

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

test("a hidden tab reads the feed rarely", () => {
  assert.equal(nextPollDelay({ mode: "longpoll", hidden: true, pollAfterMs: 2_000 }), HIDDEN_POLL_MS);
  assert.equal(nextPollDelay({ mode: "poll", hidden: true, pollAfterMs: 60_000 }), 60_000);
});
