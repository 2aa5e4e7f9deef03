import { test } from "node:test";
import assert from "node:assert/strict";
import { startsGroup, typingLine, seenBy, seenLine, firstUnread, formatTime } from "../../src/BstChat.AspNetCore/Client/bstchat-element.js";

const at = (senderId, time) => ({ senderId, createdAt: `2026-03-03T${time}:00Z` });

test("messages from one sender within five minutes share a group", () => {
  assert.equal(startsGroup(null, at("anna", "10:00")), true);
  assert.equal(startsGroup(at("anna", "10:00"), at("anna", "10:04")), false);
  assert.equal(startsGroup(at("anna", "10:00"), at("anna", "10:06")), true);
  assert.equal(startsGroup(at("anna", "10:00"), at("ben", "10:01")), true);
  assert.equal(startsGroup(at("", "10:00"), at("", "10:01")), true);
});

// A line's parts: the widget's own words as strings, each user's string as { user }, which the
// element renders in its own <bdi dir="auto">.
const plain = parts => parts.map(p => typeof p === "string" ? p : p.user).join("");

test("the typing line names who is typing", () => {
  assert.deepEqual(typingLine([]), []);
  assert.equal(plain(typingLine([{ displayName: "Anna" }])), "Anna is typing…");
  assert.equal(plain(typingLine([{ displayName: "Anna" }, { displayName: "Ben" }])), "Anna and Ben are typing…");
  assert.equal(plain(typingLine([{ displayName: "A" }, { displayName: "B" }, { displayName: "C" }])), "3 people are typing…");
});

test("every name in the typing and seen lines is a part of its own, apart from the widget's words", () => {
  const rtl = "\u202Eבן";
  assert.deepEqual(typingLine([{ displayName: rtl }]), [{ user: rtl }, " is typing…"]);
  assert.deepEqual(typingLine([{ displayName: "Anna" }, { displayName: rtl }]), [{ user: "Anna" }, " and ", { user: rtl }, " are typing…"]);
  assert.deepEqual(seenLine(["Ben", rtl, "Dan"]), ["Seen by ", { user: "Ben" }, ", ", { user: rtl }, " and ", { user: "Dan" }]);
});

test("seen by lists the other members who have read that far", () => {
  const members = [{ userId: "anna", displayName: "Anna" }, { userId: "ben", displayName: "Ben" }, { userId: "chloe", displayName: "Chloe" }];
  const markers = [{ userId: "anna", lastReadSeq: 9 }, { userId: "ben", lastReadSeq: 5 }, { userId: "chloe", lastReadSeq: 4 }];
  assert.deepEqual(seenBy(5, markers, members, "anna"), ["Ben"]);
  assert.deepEqual(seenBy(4, markers, members, "anna"), ["Ben", "Chloe"]);
  assert.equal(plain(seenLine(["Ben"])), "Seen by Ben");
  assert.equal(plain(seenLine(["Ben", "Chloe"])), "Seen by Ben and Chloe");
  assert.equal(plain(seenLine(["Ben", "Chloe", "Dan"])), "Seen by Ben, Chloe and Dan");
  assert.deepEqual(seenLine([]), []);
});

test("the unread divider goes before the first message from someone else after the marker", () => {
  const messages = [
    { id: "1", seq: 1, senderId: "ben" },
    { id: "2", seq: 2, senderId: "anna" },
    { id: "3", seq: 3, senderId: "ben", deletedAt: "2026-01-01T00:00:00Z" },
    { id: "4", seq: 4, senderId: "ben" },
  ];
  assert.equal(firstUnread(messages, 1, "anna").id, "4");
  assert.equal(firstUnread(messages, 4, "anna"), null);
});

test("times show the clock today and the date before that", () => {
  const now = new Date("2026-03-03T12:00:00");
  assert.equal(formatTime("2026-03-03T09:05:00", now, "en-GB"), "09:05");
  assert.match(formatTime("2026-03-01T09:05:00", now, "en-GB"), /^1 Mar(,| at)? 09:05$/);
});
