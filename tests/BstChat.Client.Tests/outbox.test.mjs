import { test } from "node:test";
import assert from "node:assert/strict";
import { Outbox, newClientMessageId } from "../../src/BstChat.AspNetCore/Client/bstchat.js";

test("messages leave in the order they were written, each with its own id", () => {
  const outbox = new Outbox();
  const first = outbox.add("one");
  const second = outbox.add("two");
  assert.notEqual(first.clientMessageId, second.clientMessageId);
  assert.equal(outbox.next(), first);
  outbox.acknowledge(first.clientMessageId);
  assert.equal(outbox.next(), second);
});

test("an acknowledged message leaves the outbox once; a second acknowledgement finds nothing", () => {
  const outbox = new Outbox();
  const entry = outbox.add("hi");
  assert.equal(outbox.acknowledge(entry.clientMessageId).state, "sent");
  assert.equal(outbox.acknowledge(entry.clientMessageId), null);
  assert.equal(outbox.size, 0);
  assert.equal(outbox.next(), null);
});

test("a failed message stays, is skipped, and goes back in line on retry with the same id", () => {
  const outbox = new Outbox();
  const failed = outbox.add("refused");
  const later = outbox.add("later");
  outbox.fail(failed.clientMessageId, new Error("no"));
  assert.equal(outbox.next(), later);
  outbox.acknowledge(later.clientMessageId);
  assert.equal(outbox.next(), null);
  const retried = outbox.retry(failed.clientMessageId);
  assert.equal(retried.clientMessageId, failed.clientMessageId);
  assert.equal(retried.state, "pending");
  assert.equal(outbox.next(), failed);
});

test("only a failed message can be retried or discarded", () => {
  const outbox = new Outbox();
  const entry = outbox.add("pending");
  assert.equal(outbox.retry(entry.clientMessageId), null);
  assert.equal(outbox.discard(entry.clientMessageId), null);
  outbox.fail(entry.clientMessageId, new Error("no"));
  assert.equal(outbox.discard(entry.clientMessageId), entry);
  assert.equal(outbox.size, 0);
});

test("client message ids are 22 URL-safe characters", () => {
  const ids = new Set(Array.from({ length: 200 }, newClientMessageId));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
});
