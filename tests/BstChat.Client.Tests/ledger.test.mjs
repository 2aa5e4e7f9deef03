import { test } from "node:test";
import assert from "node:assert/strict";
import { MessageLedger } from "../../src/BstChat.AspNetCore/Client/bstchat.js";

const message = (id, seq, changeSeq = seq, extra = {}) => ({ id, seq, changeSeq, text: `t${changeSeq}`, deletedAt: null, ...extra });

test("a new message is delivered once, however often it is replayed", () => {
  const ledger = new MessageLedger(0);
  assert.equal(ledger.apply(message("a", 1)), "message");
  assert.equal(ledger.apply(message("a", 1)), null);
  assert.equal(ledger.apply(message("a", 1)), null);
});

test("an edit is a change; an older state arriving late is ignored", () => {
  const ledger = new MessageLedger(0);
  ledger.apply(message("a", 1));
  assert.equal(ledger.apply(message("a", 1, 3)), "changed");
  assert.equal(ledger.apply(message("a", 1, 2)), null);
  assert.equal(ledger.get("a").changeSeq, 3);
});

test("a delete is delivered once as a tombstone", () => {
  const ledger = new MessageLedger(0);
  ledger.apply(message("a", 1));
  assert.equal(ledger.apply(message("a", 1, 2, { deletedAt: "2026-01-01T00:00:00Z", text: "" })), "deleted");
  assert.equal(ledger.apply(message("a", 1, 2, { deletedAt: "2026-01-01T00:00:00Z", text: "" })), null);
});

test("a change to a message from before we joined is a change, not a new message", () => {
  const ledger = new MessageLedger(10);
  assert.equal(ledger.apply(message("old", 4, 12)), "changed");
  assert.equal(ledger.apply(message("new", 11, 13)), "message");
});
