// BstChat browser client: an ES module with no dependencies.
//
//   import { connect } from "/chat/bstchat.js";
//   const chat = connect({ baseUrl: "/chat", conversationId: "lesson-1" });
//   chat.addEventListener("message", e => show(e.detail));
//   chat.send("Hello");
//
// Events (CustomEvent, payload in `detail`):
//   message  a new message                    changed  an edited message (or an older one's new state)
//   deleted  a tombstone                      typing   [{userId, displayName}], the caller excluded
//   read     [{userId, lastReadSeq}]          status   "connecting" | "live" | "reconnecting" | "closed"
//   outbox   {clientMessageId, text, state: "pending" | "sent" | "failed", error}
//   error    an Error (HttpError for refusals)
//
// The widget (<bst-chat>) lives in bstchat-element.js beside this file. Everything exported
// besides connect() and watchInbox() is pure logic, exported so it can be tested on its own.

/** Signals typing at most this often while the user types. */
export const TYPING_INTERVAL_MS = 3_000;
/** While the tab is hidden, the feed is read at most this often. */
export const HIDDEN_POLL_MS = 30_000;
/** Seconds a long-poll asks the server to wait (the server caps it, 25 s by default). */
const LONG_POLL_WAIT_S = 25;
/** A request gets this long beyond its wait before it is treated as a network failure. */
const REQUEST_TIMEOUT_MS = 15_000;

/** Delay before retry `attempt` (0-based): exponential from 500 ms, capped at 30 s, jittered over its upper half. */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A random id for idempotent sends: 22 characters of [A-Za-z0-9_-]. */
export function newClientMessageId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The change-feed query for the next read: none without a cursor (the server answers at once with one). */
export function changesQuery(cursor, { mode = "longpoll", wait = LONG_POLL_WAIT_S } = {}) {
  if (cursor === null) return "";
  return `?cursor=${encodeURIComponent(cursor)}&wait=${mode === "longpoll" ? wait : 0}`;
}

/**
 * How long to pause before the next feed read. A long-poll asks again at once (the server does
 * the waiting); interval polling follows the server's pollAfterMs; a hidden tab reads rarely.
 */
export function nextPollDelay({ mode = "longpoll", hidden = false, hasMore = false, pollAfterMs = 0 }) {
  if (hasMore) return 0;
  if (hidden) return Math.max(HIDDEN_POLL_MS, pollAfterMs);
  return mode === "poll" ? pollAfterMs : 0;
}

/** Whether a failed request may succeed if sent again: the network, the server's own trouble, or a rate limit. */
export function isTransient(error) {
  // Anything but a refusal is the network (a TypeError from fetch, a TimeoutError), unless close() aborted it.
  if (!(error instanceof HttpError)) return error?.name !== "AbortError";
  return error.status >= 500 || error.status === 429 || error.status === 408;
}

/** A refusal from the server, with the problem details' stable `code`. */
export class HttpError extends Error {
  constructor(status, problem, retryAfterMs = 0) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = "HttpError";
    this.status = status;
    this.code = problem?.code ?? null;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Keeps each message's latest state and decides which event a change is. A change already seen
 * (same or older changeSeq) yields nothing, so a replayed answer or a retried send never doubles.
 * Messages at or below the baseline (the conversation's last seq when we joined) were sent
 * before we looked: their changes are "changed", never "message".
 */
export class MessageLedger {
  #byId = new Map();
  #baseline;

  constructor(baselineSeq = 0) {
    this.#baseline = baselineSeq;
  }

  /** @returns {"message"|"changed"|"deleted"|null} */
  apply(message) {
    const known = this.#byId.get(message.id);
    if (known && known.changeSeq >= message.changeSeq) return null;
    this.#byId.set(message.id, message);
    if (message.deletedAt) return known?.deletedAt ? null : "deleted";
    return known || message.seq <= this.#baseline ? "changed" : "message";
  }

  get(id) { return this.#byId.get(id); }
}

/**
 * Messages the user sent that the server has not acknowledged, in the order they were written.
 * Each keeps its clientMessageId for every retry, so the server stores it once.
 */
export class Outbox {
  #entries = new Map();

  add(text, clientMessageId = newClientMessageId()) {
    const entry = { clientMessageId, text, state: "pending", attempts: 0, error: null };
    this.#entries.set(clientMessageId, entry);
    return entry;
  }

  /** The oldest entry still to send; later ones wait behind it so messages arrive in order. */
  next() {
    for (const entry of this.#entries.values()) if (entry.state === "pending") return entry;
    return null;
  }

  /** The server has the message: the entry leaves the outbox. Returns it, or null if it was not ours. */
  acknowledge(clientMessageId) {
    const entry = this.#entries.get(clientMessageId);
    if (!entry) return null;
    this.#entries.delete(clientMessageId);
    entry.state = "sent";
    entry.error = null;
    return entry;
  }

  fail(clientMessageId, error) {
    const entry = this.#entries.get(clientMessageId);
    if (!entry) return null;
    entry.state = "failed";
    entry.error = error;
    return entry;
  }

  retry(clientMessageId) {
    const entry = this.#entries.get(clientMessageId);
    if (!entry || entry.state !== "failed") return null;
    entry.state = "pending";
    entry.attempts = 0;
    entry.error = null;
    return entry;
  }

  discard(clientMessageId) {
    const entry = this.#entries.get(clientMessageId);
    if (!entry || entry.state === "pending") return null;
    this.#entries.delete(clientMessageId);
    return entry;
  }

  get size() { return this.#entries.size; }
}

/** Lets a typing signal through at most once per interval; a sent message starts a new interval. */
export class TypingThrottle {
  #last = -Infinity;
  #intervalMs;

  constructor(intervalMs = TYPING_INTERVAL_MS) {
    this.#intervalMs = intervalMs;
  }

  shouldSend(now) {
    if (now - this.#last < this.#intervalMs) return false;
    this.#last = now;
    return true;
  }

  /** The server clears the typing state when a message arrives, so the next keystroke must signal again. */
  reset() { this.#last = -Infinity; }
}

/** Holds the read marker to send: only forward, and only while the conversation is visible. */
export class ReadMarkerGate {
  #sent;
  #wanted;

  constructor(alreadyRead = 0) {
    this.#sent = alreadyRead;
    this.#wanted = alreadyRead;
  }

  want(seq) {
    if (seq > this.#wanted) this.#wanted = seq;
  }

  /** The seq to send now, or null when there is nothing new or nobody is looking. */
  take(visible) {
    if (!visible || this.#wanted <= this.#sent) return null;
    this.#sent = this.#wanted;
    return this.#sent;
  }

  /** A send failed: offer the seq again next time. */
  undo(seq) {
    if (this.#sent === seq) this.#sent = Math.min(this.#sent, seq - 1);
  }
}

/** A pause that close() cancels and wake() cuts short (tab shown again, network back). */
class Sleeper {
  #wake = null;

  sleep(ms, signal) {
    if (ms <= 0 || signal.aborted) return Promise.resolve();
    return new Promise(resolve => {
      const done = () => { clearTimeout(timer); signal.removeEventListener("abort", done); this.#wake = null; resolve(); };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }

  wake() { this.#wake?.(); }
}

const isHidden = () => globalThis.document?.visibilityState === "hidden";

/** Sends one request to the chat API and returns its JSON (null for 204); refusals throw HttpError. */
async function requestJson(fetchImpl, url, { method = "GET", body, signal, timeoutMs = REQUEST_TIMEOUT_MS }) {
  // A request that outlives its timeout fails with a TimeoutError, retried like any network failure.
  const response = await fetchImpl(url, {
    method,
    body,
    headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
    credentials: "same-origin",
    cache: "no-store",
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("Retry-After"));
    throw new HttpError(response.status, payload, Number.isFinite(retryAfter) ? retryAfter * 1000 : 0);
  }
  return payload;
}

/**
 * Connects to one conversation.
 * @param {{baseUrl?: string, conversationId: string, mode?: "longpoll"|"poll", fetch?: typeof fetch}} options
 *   mode "poll" reads the feed without waiting, as often as the server's pollAfterMs says.
 */
export function connect(options) {
  return new ChatConnection(options);
}

class ChatConnection extends EventTarget {
  #base;
  #api;
  #mode;
  #fetch;
  #aborter = new AbortController();
  #closed = false;
  #status = null;
  #cursor = null;
  #resyncing = false;
  #ledger = null;
  #outbox = new Outbox();
  #pendingSends = new Map();
  #sending = false;
  #typing = new TypingThrottle();
  #readGate = null;
  #readInFlight = false;
  #feedSleeper = new Sleeper();
  #sendSleeper = new Sleeper();
  #oldestSeq = null;
  #historyDone = false;
  #olderInFlight = null;
  #lastReadMarkers = [];
  #refreshingMembers = false;
  #markReady;

  /** Who the caller is: {userId, displayName}; set once `ready` resolves. */
  user = null;
  /** The conversation with its members: {id, title, lastSeq, members}; set once `ready` resolves. */
  conversation = null;
  /** Resolves when the connection knows the user, the conversation and the feed's starting cursor. */
  ready;

  constructor({ baseUrl = "/chat", conversationId, mode = "longpoll", fetch: fetchImpl } = {}) {
    super();
    if (!conversationId) throw new TypeError("conversationId is required");
    this.conversationId = conversationId;
    this.#api = baseUrl.replace(/\/$/, "");
    this.#base = `${this.#api}/conversations/${encodeURIComponent(conversationId)}`;
    this.#mode = mode;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.ready = new Promise(resolve => { this.#markReady = resolve; });
    globalThis.document?.addEventListener("visibilitychange", this.#onVisibilityChange);
    globalThis.addEventListener?.("online", this.#onOnline);
    // Started after the caller has had a chance to listen, so it sees "connecting" too.
    queueMicrotask(() => this.#run());
  }

  get status() { return this.#status; }

  /**
   * Queues a message and sends it, retrying with the same clientMessageId until the server has
   * it. Resolves to the stored message; rejects if the server refuses it (the entry then stays
   * in the outbox as "failed" until retry() or discard()).
   */
  send(text) {
    const entry = this.#outbox.add(text);
    this.#typing.reset();
    this.#emit("outbox", { ...entry });
    const sent = this.#trackSend(entry.clientMessageId);
    this.#drainOutbox();
    return sent;
  }

  /** Sends a failed message again, with its original clientMessageId. */
  retry(clientMessageId) {
    const entry = this.#outbox.retry(clientMessageId);
    if (!entry) return Promise.reject(new Error("No failed message with that clientMessageId."));
    this.#emit("outbox", { ...entry });
    const sent = this.#trackSend(clientMessageId);
    this.#drainOutbox();
    return sent;
  }

  /** Drops a failed message from the outbox. */
  discard(clientMessageId) {
    return this.#outbox.discard(clientMessageId) !== null;
  }

  async edit(messageId, text) {
    const message = await this.#request("PATCH", `/messages/${encodeURIComponent(messageId)}`, JSON.stringify({ text }));
    this.#deliver(message);
    return message;
  }

  /** Deletes a message; its tombstone arrives through the feed. */
  async delete(messageId) {
    await this.#request("DELETE", `/messages/${encodeURIComponent(messageId)}`);
  }

  /** Signals that the user is typing; calls closer together than 3 s send nothing. */
  async typing() {
    if (this.#closed || !this.#typing.shouldSend(Date.now())) return;
    try {
      await this.#request("POST", "/typing", "{}");
    } catch (error) {
      // Best effort: a lost typing signal is not worth a retry.
      this.#emit("error", error);
    }
  }

  /** Marks the conversation read up to `seq`; held back while the page is hidden. */
  markRead(seq) {
    this.#readGate?.want(seq);
    this.#flushRead();
  }

  /** Loads the page of history before the oldest loaded one; resolves to {messages, hasMore}, ascending by seq. */
  loadOlder(limit = 50) {
    this.#olderInFlight ??= this.#loadOlder(limit).finally(() => { this.#olderInFlight = null; });
    return this.#olderInFlight;
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#aborter.abort();
    globalThis.document?.removeEventListener("visibilitychange", this.#onVisibilityChange);
    globalThis.removeEventListener?.("online", this.#onOnline);
    this.#setStatus("closed");
  }

  // --- the feed -----------------------------------------------------------------------------

  async #run() {
    this.#setStatus("connecting");
    let failures = 0;
    while (!this.#closed) {
      try {
        if (this.#cursor === null) await this.#sync();
        else await this.#readFeed();
        failures = 0;
      } catch (error) {
        if (this.#closed) return;
        this.#emit("error", error);
        if (error instanceof HttpError && error.code === "invalid_cursor") {
          // The server no longer knows our place (e.g. its store was reset): start over and catch up.
          this.#cursor = null;
          this.#resyncing = true;
          continue;
        }
        if (!isTransient(error)) {
          this.close();
          return;
        }
        this.#setStatus("reconnecting");
        this.#emit("typing", []);
        await this.#feedSleeper.sleep(Math.max(backoffDelay(failures++), error.retryAfterMs ?? 0), this.#aborter.signal);
      }
    }
  }

  /** Learns who we are and the conversation (first time), then takes a fresh cursor. */
  async #sync() {
    if (this.user === null) {
      // The conversation is read before the cursor, so its lastSeq is a baseline no feed change can precede.
      const [user, conversation] = await Promise.all([this.#requestApi("GET", "/me"), this.#request("GET", "")]);
      this.user = user;
      this.conversation = conversation;
      this.#ledger = new MessageLedger(conversation.lastSeq);
      const me = conversation.members.find(m => m.userId === user.userId);
      this.#readGate = new ReadMarkerGate(me?.lastReadSeq ?? 0);
    }
    const changes = await this.#request("GET", "/changes");
    this.#applyChanges(changes);
    if (this.#resyncing) {
      // Messages written while we had no valid cursor are in the latest history page.
      const page = await this.#request("GET", "/messages");
      for (const message of page.messages) this.#deliver(message);
      this.#resyncing = false;
    }
    this.#setStatus("live");
    this.#markReady();
    this.#drainOutbox();
  }

  async #readFeed() {
    const query = changesQuery(this.#cursor, { mode: this.#mode });
    const longPoll = this.#mode === "longpoll";
    const changes = await this.#request("GET", `/changes${query}`, undefined, longPoll ? LONG_POLL_WAIT_S * 1000 + REQUEST_TIMEOUT_MS : REQUEST_TIMEOUT_MS);
    const wasLive = this.#status === "live";
    this.#setStatus("live");
    if (!wasLive) this.#sendSleeper.wake();
    this.#applyChanges(changes);
    const delay = nextPollDelay({ mode: this.#mode, hidden: isHidden(), hasMore: changes.hasMore, pollAfterMs: changes.pollAfterMs });
    await this.#feedSleeper.sleep(delay, this.#aborter.signal);
  }

  #applyChanges(changes) {
    this.#cursor = changes.cursor;
    for (const message of changes.messages) this.#deliver(message);
    const me = this.user?.userId;
    this.#emit("typing", changes.typing.filter(t => t.userId !== me));
    this.#lastReadMarkers = changes.readMarkers;
    this.#emit("read", changes.readMarkers);
    const known = new Set(this.conversation?.members.map(m => m.userId));
    if (changes.readMarkers.some(r => !known.has(r.userId))) this.#refreshMembers();
  }

  /** Someone joined: read the member list again so names are known, then say so through a "read" event. */
  async #refreshMembers() {
    if (this.#refreshingMembers) return;
    this.#refreshingMembers = true;
    try {
      this.conversation = await this.#request("GET", "");
      this.#emit("read", this.#lastReadMarkers);
    } catch (error) {
      this.#emit("error", error);
    } finally {
      this.#refreshingMembers = false;
    }
  }

  #deliver(message) {
    const kind = this.#ledger.apply(message);
    if (kind) this.#emit(kind, message);
    if (message.senderId === this.user?.userId && message.clientMessageId) this.#acknowledge(message);
  }

  #onVisibilityChange = () => {
    if (isHidden()) return;
    // Catch up at once: cut short a hidden-tab pause or a reconnect backoff, and send read markers held back.
    this.#feedSleeper.wake();
    this.#flushRead();
  };

  #onOnline = () => {
    this.#feedSleeper.wake();
    this.#sendSleeper.wake();
  };

  // --- sending ------------------------------------------------------------------------------

  #trackSend(clientMessageId) {
    return new Promise((resolve, reject) => this.#pendingSends.set(clientMessageId, { resolve, reject }));
  }

  /** Sends queued messages one at a time, oldest first; a network failure keeps the message pending and retries it. */
  async #drainOutbox() {
    if (this.#sending || this.#ledger === null) return;
    this.#sending = true;
    try {
      for (let entry = this.#outbox.next(); entry && !this.#closed; entry = this.#outbox.next()) {
        try {
          const message = await this.#request("POST", "/messages", JSON.stringify({ text: entry.text, clientMessageId: entry.clientMessageId }));
          this.#deliver(message);
        } catch (error) {
          if (this.#closed) return;
          if (isTransient(error)) {
            await this.#sendSleeper.sleep(Math.max(backoffDelay(entry.attempts++), error.retryAfterMs ?? 0), this.#aborter.signal);
          } else {
            this.#outbox.fail(entry.clientMessageId, error);
            this.#emit("outbox", { ...entry });
            this.#settleSend(entry.clientMessageId, s => s.reject(error));
          }
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  /** The server has the message, from the send's answer or from the feed, whichever came first. */
  #acknowledge(message) {
    const entry = this.#outbox.acknowledge(message.clientMessageId);
    if (!entry) return;
    this.#emit("outbox", { ...entry, message });
    this.#settleSend(message.clientMessageId, s => s.resolve(message));
  }

  #settleSend(clientMessageId, settle) {
    const pending = this.#pendingSends.get(clientMessageId);
    this.#pendingSends.delete(clientMessageId);
    if (pending) settle(pending);
  }

  // --- read markers ---------------------------------------------------------------------------

  async #flushRead() {
    if (this.#readInFlight || this.#readGate === null || this.#closed) return;
    const seq = this.#readGate.take(!isHidden());
    if (seq === null) return;
    this.#readInFlight = true;
    try {
      await this.#request("POST", "/read", JSON.stringify({ seq }));
    } catch (error) {
      this.#readGate.undo(seq);
      this.#emit("error", error);
      return;
    } finally {
      this.#readInFlight = false;
    }
    this.#flushRead();
  }

  // --- history --------------------------------------------------------------------------------

  async #loadOlder(limit) {
    await this.ready;
    if (this.#historyDone) return { messages: [], hasMore: false };
    const before = this.#oldestSeq === null ? "" : `&before=${this.#oldestSeq}`;
    const page = await this.#request("GET", `/messages?limit=${limit}${before}`);
    if (page.messages.length > 0) this.#oldestSeq = page.messages[0].seq;
    this.#historyDone = !page.hasMore;
    // Each message in the latest state known: the feed may already have brought a newer one.
    const messages = page.messages.map(m => { this.#ledger.apply(m); return this.#ledger.get(m.id); });
    return { messages, hasMore: page.hasMore };
  }

  // --- plumbing -------------------------------------------------------------------------------

  #request(method, path, body, timeoutMs) {
    return requestJson(this.#fetch, `${this.#base}${path}`, { method, body, signal: this.#aborter.signal, timeoutMs });
  }

  #requestApi(method, path) {
    return requestJson(this.#fetch, `${this.#api}${path}`, { method, signal: this.#aborter.signal });
  }

  #setStatus(status) {
    if (this.#status === status) return;
    this.#status = status;
    this.#emit("status", status);
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/**
 * Watches the caller's inbox (`GET {baseUrl}/conversations`) for unread badges: polls every
 * `intervalMs` while the page is visible, every HIDDEN_POLL_MS while hidden, at once when shown
 * again. Dispatches "inbox" events with {conversations}; close() stops it.
 */
export function watchInbox({ baseUrl = "/chat", intervalMs = 5_000, fetch: fetchImpl } = {}) {
  const watcher = new EventTarget();
  const aborter = new AbortController();
  const sleeper = new Sleeper();
  const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  const url = `${baseUrl.replace(/\/$/, "")}/conversations`;
  const onVisible = () => { if (!isHidden()) sleeper.wake(); };
  globalThis.document?.addEventListener("visibilitychange", onVisible);
  watcher.close = () => {
    aborter.abort();
    globalThis.document?.removeEventListener("visibilitychange", onVisible);
  };
  (async () => {
    let failures = 0;
    while (!aborter.signal.aborted) {
      let delay;
      try {
        const inbox = await requestJson(doFetch, url, { signal: aborter.signal });
        failures = 0;
        watcher.dispatchEvent(new CustomEvent("inbox", { detail: inbox }));
        delay = isHidden() ? HIDDEN_POLL_MS : intervalMs;
      } catch (error) {
        if (aborter.signal.aborted) return;
        watcher.dispatchEvent(new CustomEvent("error", { detail: error }));
        delay = Math.max(backoffDelay(failures++), error.retryAfterMs ?? 0);
      }
      await sleeper.sleep(delay, aborter.signal);
    }
  })();
  return watcher;
}
