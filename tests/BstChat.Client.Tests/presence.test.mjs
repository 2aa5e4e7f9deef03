import { test } from "node:test";
import assert from "node:assert/strict";
import { TypingThrottle, ReadMarkerGate, TYPING_INTERVAL_MS } from "../../src/BstChat.AspNetCore/Client/bstchat.js";

test("typing is signalled at most once per 3 s while the user types", () => {
  const throttle = new TypingThrottle();
  assert.equal(TYPING_INTERVAL_MS, 3_000);
  const sent = [0, 100, 1_000, 2_999, 3_000, 3_500, 6_100].filter(now => throttle.shouldSend(now));
  assert.deepEqual(sent, [0, 3_000, 6_100]);
});

test("after a message is sent, the next keystroke signals typing again", () => {
  const throttle = new TypingThrottle();
  assert.equal(throttle.shouldSend(0), true);
  throttle.reset();
  assert.equal(throttle.shouldSend(10), true);
});

test("read markers go out only while visible, and only forward", () => {
  const gate = new ReadMarkerGate(3);
  gate.want(2);
  assert.equal(gate.take(true), null);
  gate.want(5);
  assert.equal(gate.take(false), null);
  assert.equal(gate.take(true), 5);
  assert.equal(gate.take(true), null);
});

test("a read marker whose send failed is offered again", () => {
  const gate = new ReadMarkerGate(0);
  gate.want(4);
  assert.equal(gate.take(true), 4);
  gate.undo(4);
  assert.equal(gate.take(true), 4);
});
