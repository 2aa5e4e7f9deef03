import { test } from "node:test";
import assert from "node:assert/strict";
import { SharedFeed, connect } from "../../src/BstChat.AspNetCore/Client/bstchat.js";
import { FakeChatServer, nextEvent, until } from "./fake-chat-server.mjs";

/** Web Locks as the browser has them, for one process: exclusive, granted in request order, a queued request abortable. */
class FakeLocks {
  #queues = new Map();

  request(name, { signal } = {}, callback) {
    const queue = this.#queues.get(name) ?? [];
    this.#queues.set(name, queue);
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: async () => {
          try {
            resolve(await callback({ name }));
          } catch (error) {
            reject(error);
          } finally {
            queue.shift();
            queue[0]?.grant();
          }
        },
      };
      queue.push(waiter);
      signal?.addEventListener("abort", () => {
        const index = queue.indexOf(waiter);
        if (index <= 0) return; // Held: released only when its callback returns.
        queue.splice(index, 1);
        reject(new DOMException("The lock request was aborted.", "AbortError"));
      }, { once: true });
      if (queue.length === 1) waiter.grant();
    });
  }
}

let browsers = 0;

/**
 * One browser of `count` tabs on `server`: each tab its own SharedFeed, all sharing one lock
 * manager and one channel name (Node's BroadcastChannel, as the browser's). Each tab's requests
 * are recorded as its own, and `hang` makes them never answer (as a tab about to close).
 */
function openBrowser(server, count) {
  const locks = new FakeLocks();
  const browser = ++browsers;
  const openTab = () => {
    const tab = { requests: [], answers: [], hang: false };
    tab.fetch = (url, init) => {
      if (String(url).startsWith("/chat/changes")) tab.requests.push(String(url));
      return tab.hang ? new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason))) : server.fetch(url, init);
    };
    tab.feed = new SharedFeed({ baseUrl: `/chat`, fetch: tab.fetch, locks, channel: name => new BroadcastChannel(`${name} browser ${browser}`) });
    tab.close = tab.feed.subscribe({ changes: answer => tab.answers.push(answer) });
    return tab;
  };
  const tabs = Array.from({ length: count }, openTab);
  /** Opens one more tab in the same browser. */
  tabs.open = openTab;
  return tabs;
}

const texts = tab => tab.answers.flatMap(a => a.messages.map(m => m.text));

test("one tab reads the user feed and every tab hears each answer; the others request nothing", async t => {
  const server = new FakeChatServer();
  const tabs = openBrowser(server, 3);
  t.after(() => tabs.forEach(tab => tab.close()));
  await until(() => tabs.every(tab => tab.feed.status === "live"), "every tab live");

  server.write("ben", "hello");
  await until(() => tabs.every(tab => texts(tab).includes("hello")), "hello in every tab");
  assert.deepEqual(tabs.map(tab => tab.feed.leading), [true, false, false]);
  assert.ok(tabs[0].requests.length >= 2);
  assert.deepEqual(tabs.slice(1).map(tab => tab.requests.length), [0, 0]);
  assert.ok(tabs.every(tab => texts(tab).filter(text => text === "hello").length === 1));
});

test("when the holding tab closes, the next takes over from the last cursor it heard: a change the old one never posted arrives", async t => {
  const server = new FakeChatServer();
  const tabs = openBrowser(server, 3);
  t.after(() => tabs.forEach(tab => tab.close()));
  const [first, second, third] = tabs;
  await until(() => tabs.every(tab => tab.feed.status === "live"), "every tab live");
  server.write("ben", "before");
  await until(() => tabs.every(tab => texts(tab).includes("before")), "before in every tab");

  // The holder's next read reaches the server but its answer never comes back (a typing change
  // ends the read held now), then a message is written and the tab closes.
  first.hang = true;
  const reads = first.requests.length;
  server.setTyping([{ userId: "ben", displayName: "Ben" }]);
  await until(() => first.requests.length > reads && second.answers.some(a => a.typing.length > 0), "the holder reading into the void");
  const heard = second.feed.cursor;
  assert.equal(third.feed.cursor, heard);
  server.write("ben", "meanwhile");
  first.close();

  await until(() => [second, third].every(tab => texts(tab).includes("meanwhile")), "meanwhile in the remaining tabs");
  assert.equal(second.feed.leading, true);
  assert.ok(second.requests[0].includes(`cursor=${encodeURIComponent(heard)}`), second.requests[0]);
  assert.equal(third.requests.length, 0);
  assert.equal(texts(first).includes("meanwhile"), false);
});

test("a tab that opens after the others learns the holder's cursor before it hears an answer", async t => {
  const server = new FakeChatServer();
  const tabs = openBrowser(server, 1);
  const [first] = tabs;
  await until(() => first.feed.status === "live", "the first tab live");
  const late = tabs.open();
  t.after(() => { first.close(); late.close(); });
  await until(() => late.feed.cursor !== null && late.feed.cursor === first.feed.cursor, "the holder's cursor heard");
  assert.equal(late.answers.length, 0);
  assert.equal(late.feed.status, "live");
});

test("a tab that stops needing the feed gives it to the next, which goes on", async t => {
  const server = new FakeChatServer();
  const [first, second] = openBrowser(server, 2);
  t.after(() => second.close());
  await until(() => second.feed.status === "live", "live");
  first.close();
  await until(() => second.feed.leading, "the second tab holding the feed");
  server.write("ben", "still here");
  await until(() => texts(second).includes("still here"), "the message");
});

test("a connection in a tab that does not hold the feed gets its conversation's messages from the holder", async t => {
  const server = new FakeChatServer();
  const [holder, other] = openBrowser(server, 2);
  t.after(() => { holder.close(); other.close(); });
  const chat = connect({ baseUrl: "/chat", conversationId: server.conversationId, fetch: other.fetch, feed: other.feed });
  t.after(() => chat.close());
  await chat.ready;
  server.write("ben", "to the other tab");
  const message = await nextEvent(chat, "message");
  assert.equal(message.text, "to the other tab");
  assert.equal(other.requests.length, 0);
});

test("tabs of different users share nothing: each user's feed has its own lock and channel", async t => {
  const server = new FakeChatServer();
  const locks = new FakeLocks();
  const channel = name => new BroadcastChannel(`${name} users`);
  const feeds = ["anna", "ben"].map(userId => {
    const feed = new SharedFeed({ baseUrl: "/chat", userId, fetch: server.fetch, locks, channel });
    t.after(feed.subscribe({ changes: () => {} }));
    return feed;
  });
  await until(() => feeds.every(feed => feed.leading), "both tabs reading their own user's feed");
  assert.equal(server.userFeedRequests.filter(r => r.query.cursor === undefined).length, 2);
});
