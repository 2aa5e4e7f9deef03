import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffDelay, isTransient, HttpError } from "../../src/BstChat.AspNetCore/Client/bstchat.js";

test("backoff doubles from 500 ms and never passes 30 s", () => {
  assert.equal(backoffDelay(0, () => 1), 500);
  assert.equal(backoffDelay(1, () => 1), 1_000);
  assert.equal(backoffDelay(3, () => 1), 4_000);
  assert.equal(backoffDelay(10, () => 1), 30_000);
  assert.equal(backoffDelay(1_000, () => 1), 30_000);
});

test("backoff jitter spreads retries over the upper half of each step", () => {
  assert.equal(backoffDelay(2, () => 0), 1_000);
  assert.equal(backoffDelay(2, () => 0.5), 1_500);
  for (let i = 0; i < 100; i++) {
    const delay = backoffDelay(4);
    assert.ok(delay >= 4_000 && delay <= 8_000, `${delay}`);
  }
});

test("network failures, server trouble and rate limits are retried; refusals are not", () => {
  assert.equal(isTransient(new TypeError("Failed to fetch")), true);
  assert.equal(isTransient(new DOMException("timed out", "TimeoutError")), true);
  assert.equal(isTransient(new HttpError(503, { code: "store_unavailable" })), true);
  assert.equal(isTransient(new HttpError(429, { code: "too_many_waits" })), true);
  assert.equal(isTransient(new DOMException("closed", "AbortError")), false);
  assert.equal(isTransient(new HttpError(400, { code: "text_too_long" })), false);
  assert.equal(isTransient(new HttpError(404, { code: "conversation_not_found" })), false);
});
