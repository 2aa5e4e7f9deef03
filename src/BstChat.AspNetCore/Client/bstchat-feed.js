// The user feed (`GET {baseUrl}/changes`, see docs/user-feed.md), read by one tab and shared
// with every other tab of the site, so a browser holds one chat request however many tabs,
// conversations and inboxes it shows.
//
// Election: every tab that needs the feed asks navigator.locks for one lock per feed. The tab
// holding it reads the feed and posts each answer on a BroadcastChannel; the others only listen.
// The lock is released when that tab closes (or stops needing the feed), and the next tab in the
// lock's queue takes over from the last cursor it heard. An answer the old holder read but never
// posted is read again from that cursor, so a hand-over may repeat a change (dropped by its
// changeSeq) but never loses one. A tab that has heard nothing yet asks the holder for its
// cursor ("hello"), so it can take over from there too. If the server refuses the cursor (e.g.
// its store was reset) the feed starts from now and tells every tab ("reset"): each reader then
// reads its conversation afresh, since its positions may no longer mean anything.
//
// Without Web Locks (they need a secure context: HTTPS, or localhost) every tab reads the feed
// itself, as if it were the only one.

import { HttpError, isTransient, backoffDelay, requestJson, Sleeper, REQUEST_TIMEOUT_MS } from "./bstchat-http.js";

/** Seconds a long-poll asks the server to wait (the server caps it, 25 s by default). */
export const LONG_POLL_WAIT_S = 25;

/** A feed query for the next read: none without a cursor (the server answers at once with one). */
export function changesQuery(cursor, { mode = "longpoll", wait = LONG_POLL_WAIT_S } = {}) {
  if (cursor === null) return "";
  return `?cursor=${encodeURIComponent(cursor)}&wait=${mode === "longpoll" ? wait : 0}`;
}

/** How long to pause before the next feed read: a long-poll asks again at once (the server does the waiting); polling follows pollAfterMs. */
export function nextPollDelay({ mode = "longpoll", hasMore = false, pollAfterMs = 0 }) {
  if (hasMore) return 0;
  return mode === "poll" ? pollAfterMs : 0;
}

/**
 * What a reader at `position` in a conversation (the highest changeSeq it has, from its history
 * or the feed) does with the user feed's entry for that conversation:
 * - "none": the entry brings nothing past the position (a typing or read-marker change, a repeat);
 * - "apply": the entry starts at or before the position: apply `messages` (those past it) and
 *   move to `position`;
 * - "catchUp": something lies between the position and the entry (the reader started after the
 *   feed did, or the entry is a `hasMore` jump), so read the conversation's own feed first.
 */
export function positionStep(position, entry, messages = []) {
  if (entry.throughSeq != null && entry.throughSeq <= position) return { action: "none" };
  if (entry.hasMore || entry.afterSeq == null || entry.throughSeq == null || position < entry.afterSeq) return { action: "catchUp" };
  return {
    action: "apply",
    messages: messages.filter(m => m.conversationId === entry.id && m.changeSeq > position),
    position: entry.throughSeq,
  };
}

/**
 * What a tab does with a message heard on the feed's channel. The holder answers "hello" with
 * its cursor and status; every other tab takes answers, statuses, resets and (if it has no
 * cursor yet) the holder's cursor. Returns {cursor, status, answer, reset, reply}, each present
 * only if it applies.
 */
export function relayStep({ leading, cursor }, data) {
  if (leading) return data?.type === "hello" ? { reply: true } : {};
  switch (data?.type) {
    case "changes": return { cursor: data.answer.cursor, status: "live", answer: data.answer };
    case "status": return { status: data.status };
    case "state": return { cursor: cursor ?? data.cursor, status: data.status };
    case "reset": return { cursor: null, reset: true };
    default: return {};
  }
}

const feeds = new Map();

/** The tab's one shared feed for `baseUrl`, mode and user: every connection and inbox watcher of the tab uses it. */
export function sharedFeed({ baseUrl = "/chat", mode = "longpoll", userId = "" } = {}) {
  const api = baseUrl.replace(/\/$/, "");
  const key = JSON.stringify([api, mode, userId]);
  let feed = feeds.get(key);
  if (!feed) feeds.set(key, feed = new SharedFeed({ baseUrl: api, mode, userId }));
  return feed;
}

/**
 * The user feed as one tab sees it. Events: "changes" (each answer, as the server sent it),
 * "status" ("connecting" | "live" | "reconnecting" | "closed"), "reset" (the feed started over
 * from now), "error" (a failed read, in the tab that made it). It runs while anything is subscribed.
 */
export class SharedFeed extends EventTarget {
  #api;
  #mode;
  #fetch;
  #locks;
  #openChannel;
  #name;
  #subscribers = 0;
  #run = null;
  #channel = null;
  #cursor = null;
  #status = "connecting";
  #leading = false;
  #sleeper = new Sleeper();

  /**
   * @param {{baseUrl?: string, mode?: "longpoll"|"poll", userId?: string, fetch?: typeof fetch, locks?: LockManager|null,
   *   channel?: (name: string) => BroadcastChannel}} options  userId: whose feed (tabs share it only
   *   with tabs of the same user); locks null: read the feed alone.
   */
  constructor({ baseUrl = "/chat", mode = "longpoll", userId = "", fetch: fetchImpl, locks = globalThis.navigator?.locks ?? null,
    channel = name => new BroadcastChannel(name) } = {}) {
    super();
    this.#api = baseUrl.replace(/\/$/, "");
    this.#mode = mode;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.#locks = locks;
    this.#openChannel = channel;
    this.#name = `bstchat-feed ${JSON.stringify([this.#api, mode, userId])}`;
  }

  get status() { return this.#status; }

  /** Whether this tab is the one reading the feed. */
  get leading() { return this.#leading; }

  /** The last cursor this tab read or heard: where it starts if it takes over. */
  get cursor() { return this.#cursor; }

  /**
   * Listens to the feed and keeps it running until the returned function is called.
   * @param {{changes?: (answer) => void, status?: (status: string) => void, reset?: () => void, error?: (error: Error) => void}} listener
   */
  subscribe(listener = {}) {
    const handlers = ["changes", "status", "reset", "error"]
      .filter(type => listener[type])
      .map(type => [type, e => listener[type](e.detail)]);
    for (const [type, handler] of handlers) this.addEventListener(type, handler);
    if (this.#subscribers++ === 0) this.#start();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      for (const [type, handler] of handlers) this.removeEventListener(type, handler);
      if (--this.#subscribers === 0) this.#stop();
    };
  }

  /** Cuts a reconnect backoff short (the network is back, the tab is shown). */
  wake() { this.#sleeper.wake(); }

  #start() {
    const run = new AbortController();
    this.#run = run;
    globalThis.addEventListener?.("online", this.#onOnline);
    if (!this.#locks) {
      this.#lead(run.signal);
      return;
    }
    this.#channel = this.#openChannel(this.#name);
    this.#channel.onmessage = e => this.#hear(e.data);
    this.#channel.postMessage({ type: "hello" });
    // Queued behind the tab that holds the lock; aborted (AbortError) if this tab stops needing the feed first.
    this.#locks.request(this.#name, { signal: run.signal }, () => this.#lead(run.signal)).catch(() => {});
  }

  #stop() {
    this.#run.abort();
    this.#run = null;
    this.#channel?.close();
    this.#channel = null;
    globalThis.removeEventListener?.("online", this.#onOnline);
    this.#status = "connecting";
  }

  #onOnline = () => this.#sleeper.wake();

  #hear(data) {
    const step = relayStep({ leading: this.#leading, cursor: this.#cursor }, data);
    if (step.reply) this.#channel?.postMessage({ type: "state", cursor: this.#cursor, status: this.#status });
    if (step.cursor !== undefined) this.#cursor = step.cursor;
    if (step.status) this.#setStatus(step.status);
    if (step.reset) this.#emit("reset");
    if (step.answer) this.#emit("changes", step.answer);
  }

  /** Reads the feed for as long as this tab holds the lock; returning releases it. */
  async #lead(signal) {
    this.#leading = true;
    let failures = 0;
    try {
      while (!signal.aborted) {
        try {
          const answer = await this.#read(signal);
          failures = 0;
          this.#cursor = answer.cursor;
          this.#setStatus("live");
          // Other tabs first: the local listeners may take a while.
          this.#channel?.postMessage({ type: "changes", answer });
          this.#emit("changes", answer);
          await this.#sleeper.sleep(nextPollDelay({ mode: this.#mode, hasMore: answer.hasMore, pollAfterMs: answer.pollAfterMs }), signal);
        } catch (error) {
          if (signal.aborted) return;
          this.#emit("error", error);
          if (error instanceof HttpError && error.code === "invalid_cursor") {
            // The server no longer knows our place (e.g. its store was reset): start from now.
            this.#cursor = null;
            this.#channel?.postMessage({ type: "reset" });
            this.#emit("reset");
            continue;
          }
          if (!isTransient(error)) {
            // Signed out, or a server without the user feed: nothing a retry could fix.
            this.#setStatus("closed");
            return;
          }
          this.#setStatus("reconnecting");
          await this.#sleeper.sleep(Math.max(backoffDelay(failures++), error.retryAfterMs ?? 0), signal);
        }
      }
    } finally {
      this.#leading = false;
    }
  }

  #read(signal) {
    const longPoll = this.#mode === "longpoll" && this.#cursor !== null;
    return requestJson(this.#fetch, `${this.#api}/changes${changesQuery(this.#cursor, { mode: this.#mode })}`, {
      signal,
      timeoutMs: longPoll ? LONG_POLL_WAIT_S * 1000 + REQUEST_TIMEOUT_MS : REQUEST_TIMEOUT_MS,
    });
  }

  #setStatus(status) {
    if (this.#status === status) return;
    this.#status = status;
    if (this.#leading) this.#channel?.postMessage({ type: "status", status });
    this.#emit("status", status);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
