// BstChat browser client: an ES module with no dependencies beyond its sibling modules.
//
//   import { connect } from "/chat/bstchat.js";
//   const chat = connect({ baseUrl: "/chat", conversationId: "lesson-1" });
//   chat.addEventListener("message", e => show(e.detail));
//   chat.send("Hello");
//   chat.sendFiles(input.files, { text: "My homework", onProgress: p => bar.value = p.loaded / p.total });
//
// Events (CustomEvent, payload in `detail`):
//   message  a new message                    changed  an edited message (or an older one's new state)
//   deleted  a tombstone                      typing   [{userId, displayName}], the caller excluded
//   read     [{userId, lastReadSeq}]          status   "connecting" | "live" | "reconnecting" | "closed"
//   outbox   {clientMessageId, text, attachments, state: "pending" | "sent" | "failed", error}
//   removed  the conversation's id: the caller left it or was removed (the connection then closes)
//   error    an Error (HttpError for refusals)
//
// Changes arrive on the user feed, which one tab of the browser reads for every conversation and
// inbox of every tab (bstchat-feed.js); sends, read markers and typing go out from each tab.
// The widgets live beside this file: <bst-chat> in bstchat-element.js, <bst-inbox> in
// bstchat-inbox.js. Everything exported besides connect() and watchInbox() is pure logic,
// exported so it can be tested on its own.

import { HttpError, isTransient, backoffDelay, requestJson, uploadFile, Sleeper, withRetries, isHidden } from "./bstchat-http.js";
import { sharedFeed, positionStep, changesQuery } from "./bstchat-feed.js";

export { HttpError, isTransient, backoffDelay, uploadFile } from "./bstchat-http.js";
export { changesQuery, nextPollDelay, positionStep, relayStep, sharedFeed, SharedFeed, LONG_POLL_WAIT_S } from "./bstchat-feed.js";

/** Signals typing at most this often while the user types. */
export const TYPING_INTERVAL_MS = 3_000;

/** A random id for idempotent sends: 22 characters of [A-Za-z0-9_-]. */
export function newClientMessageId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
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

  /** `attachments`: the uploaded files ({fileId, …} as the upload answered) the message carries. */
  add(text, clientMessageId = newClientMessageId(), attachments = []) {
    const entry = { clientMessageId, text, attachments, state: "pending", attempts: 0, error: null };
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

/**
 * The text to send with files: a text of only white space goes as "" (the server takes an empty
 * text beside files, but refuses one with nothing visible in it).
 */
export function textBesideFiles(text) {
  return text?.trim() ? text : "";
}

/** The ids to send for `attachments`: upload answers ({fileId}) or ids. */
export function attachmentIds(attachments) {
  return attachments.map(a => typeof a === "string" ? a : a.fileId);
}

/**
 * Connects to one conversation. Its changes come from the tab's shared user feed (`feed`, by
 * default the one for `baseUrl`); mode "poll" reads that feed without waiting, as often as the
 * server's pollAfterMs says. Uploads go through `XMLHttpRequest` (the page's, unless given), for
 * their progress.
 * @param {{baseUrl?: string, conversationId: string, mode?: "longpoll"|"poll", fetch?: typeof fetch, XMLHttpRequest?: typeof XMLHttpRequest, feed?: import("./bstchat-feed.js").SharedFeed}} options
 */
export function connect(options) {
  return new ChatConnection(options);
}

class ChatConnection extends EventTarget {
  #base;
  #api;
  #fetch;
  #xhr;
  #mode;
  /** The shared user feed: the caller's, known once /me has answered (or the one given). */
  #feed;
  #unsubscribe = null;
  #aborter = new AbortController();
  #closed = false;
  #status = null;
  /** The conversation feed's cursor: where a catch-up starts. */
  #cursor = null;
  /** The highest changeSeq this connection has (see positionStep). */
  #position = 0;
  /** Feed answers are handled one after another, once the first sync is done. */
  #answers;
  #startAnswers;
  #synced = false;
  #typingSeen = "[]";
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
  #readMarkers = new Map();
  #refreshingMembers = false;
  #markReady;

  /** Who the caller is: {userId, displayName}; set once `ready` resolves. */
  user = null;
  /** The conversation with its members: {id, title, lastSeq, members}; set once `ready` resolves. */
  conversation = null;
  /** Resolves when the connection knows the user, the conversation and where its feed starts. */
  ready;

  constructor({ baseUrl = "/chat", conversationId, mode = "longpoll", fetch: fetchImpl, XMLHttpRequest: xhr, feed } = {}) {
    super();
    if (!conversationId) throw new TypeError("conversationId is required");
    this.conversationId = conversationId;
    this.#api = baseUrl.replace(/\/$/, "");
    this.#base = `${this.#api}/conversations/${encodeURIComponent(conversationId)}`;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.#xhr = xhr ?? globalThis.XMLHttpRequest;
    this.#mode = mode;
    this.#feed = feed ?? null;
    this.ready = new Promise(resolve => { this.#markReady = resolve; });
    this.#answers = new Promise(resolve => { this.#startAnswers = resolve; });
    globalThis.document?.addEventListener("visibilitychange", this.#onVisibilityChange);
    globalThis.addEventListener?.("online", this.#onOnline);
    // Started after the caller has had a chance to listen, so it sees "connecting" too.
    queueMicrotask(() => this.#run());
  }

  get status() { return this.#status; }

  /**
   * Queues a message and sends it, retrying with the same clientMessageId until the server has
   * it. Resolves to the stored message; rejects if the server refuses it (the entry then stays
   * in the outbox as "failed" until retry() or discard()). `attachments` are files uploaded with
   * uploadFile() (their answers, or their ids); with some, the text may be empty.
   */
  send(text, { attachments = [] } = {}) {
    if (attachments.length > 0) text = textBesideFiles(text);
    const entry = this.#outbox.add(text, undefined, [...attachments]);
    this.#typing.reset();
    this.#emit("outbox", { ...entry });
    const sent = this.#trackSend(entry.clientMessageId);
    this.#drainOutbox();
    return sent;
  }

  /**
   * Uploads one file to the conversation; resolves to the server's answer ({fileId, name,
   * contentType, size, width?, height?, url, thumbnailUrl}), for send()'s `attachments`. Until a
   * send names it, only the uploader sees it (and the server deletes it after a while).
   * `onProgress({loaded, total})` follows the upload; `signal` cancels it. Refusals reject with
   * HttpError (codes such as file_too_large, file_type_not_allowed, too_many_uploads); nothing
   * is retried, since a file may be large.
   */
  async uploadFile(file, { onProgress, signal } = {}) {
    if (this.#closed) throw new Error("The connection is closed.");
    if (!this.#xhr) throw new Error("Uploads need XMLHttpRequest.");
    const signals = signal ? [signal, this.#aborter.signal] : [this.#aborter.signal];
    return uploadFile(this.#xhr, `${this.#base}/files`, file, { onProgress, signal: AbortSignal.any(signals) });
  }

  /**
   * Uploads `files` one after another, then sends one message carrying them all (with `text`,
   * which may be empty) and resolves to it. `onProgress({file, index, loaded, total})` follows
   * the uploads, `loaded` and `total` counting the bytes of all of them. `signal` cancels the
   * uploads; once they are done the message is queued like send()'s and is no longer cancelled.
   * A refused upload rejects with its HttpError (its `file` set) and sends nothing.
   */
  async sendFiles(files, { text = "", onProgress, signal } = {}) {
    const list = [...files];
    if (list.length === 0) throw new TypeError("sendFiles needs at least one file.");
    const total = list.reduce((sum, f) => sum + (f.size ?? 0), 0);
    const uploaded = [];
    let before = 0;
    for (const [index, file] of list.entries()) {
      const report = loaded => onProgress?.({ file, index, loaded: before + Math.min(loaded, file.size ?? loaded), total });
      try {
        uploaded.push(await this.uploadFile(file, { signal, onProgress: p => report(p.loaded) }));
      } catch (error) {
        if (error && typeof error === "object") error.file = file;
        throw error;
      }
      before += file.size ?? 0;
      report(0);
    }
    return this.send(text, { attachments: uploaded });
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
    this.#unsubscribe?.();
    globalThis.document?.removeEventListener("visibilitychange", this.#onVisibilityChange);
    globalThis.removeEventListener?.("online", this.#onOnline);
    this.#setStatus("closed");
  }

  // --- the feed -----------------------------------------------------------------------------

  async #run() {
    if (this.#closed) return;
    this.#setStatus("connecting");
    try {
      // Who we are first: the tab shares its feed only with tabs of the same user, so a tab
      // still open for someone who signed out never hears the next user's changes, nor they theirs.
      this.user = await this.#retrying(() => this.#requestApi("GET", "/me"));
    } catch (error) {
      this.#fail(error);
      return;
    }
    if (this.#closed) return;
    this.#feed ??= sharedFeed({ baseUrl: this.#api, mode: this.#mode, userId: this.user.userId });
    // Subscribed before anything else is read: a change made while we read the conversation is
    // in an answer heard from now on, queued until the sync is done.
    this.#unsubscribe = this.#feed.subscribe({
      changes: answer => { this.#answers = this.#answers.then(() => this.#onAnswer(answer)); },
      status: status => this.#onFeedStatus(status),
      reset: () => { this.#answers = this.#answers.then(() => this.#retrying(() => this.#startOver()).catch(error => this.#fail(error))); },
      error: error => this.#emit("error", error),
    });
    try {
      await this.#retrying(() => this.#sync());
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#synced = true;
    this.#startAnswers();
    this.#onFeedStatus(this.#feed.status);
    this.#markReady();
    this.#drainOutbox();
  }

  /**
   * Takes the conversation feed's cursor, then reads the conversation. The cursor comes first,
   * so a catch-up from it covers everything after the conversation's lastSeq, which is where
   * this connection's position starts (the history pages bring what is before).
   */
  async #sync() {
    const first = await this.#request("GET", "/changes");
    const conversation = await this.#request("GET", "");
    const user = this.user;
    this.conversation = conversation;
    this.#cursor = first.cursor;
    this.#position = conversation.lastSeq;
    this.#ledger ??= new MessageLedger(conversation.lastSeq);
    const me = conversation.members.find(m => m.userId === user.userId);
    this.#readGate ??= new ReadMarkerGate(me?.lastReadSeq ?? 0);
    this.#mergeReadMarkers([...conversation.members.map(m => ({ userId: m.userId, lastReadSeq: m.lastReadSeq })), ...first.readMarkers]);
    this.#showTyping(first.typing);
  }

  /** One answer of the user feed: this conversation's part of it. */
  async #onAnswer(answer) {
    if (this.#closed) return;
    const id = this.conversationId;
    if (answer.removed?.includes(id)) {
      this.#emit("removed", id);
      this.close();
      return;
    }
    this.#showTyping(answer.typing.filter(t => t.conversationId === id));
    this.#mergeReadMarkers(answer.readMarkers.filter(r => r.conversationId === id));
    const entry = answer.conversations.find(c => c.id === id);
    if (!entry) return;
    const step = positionStep(this.#position, entry, answer.messages);
    if (step.action === "apply") {
      for (const message of step.messages) this.#deliver(message);
      this.#position = Math.max(this.#position, step.position);
    } else if (step.action === "catchUp") {
      try {
        await this.#retrying(() => this.#catchUp());
      } catch (error) {
        this.#fail(error);
        return;
      }
      // Read after the entry was written, the catch-up reached at least its throughSeq.
      this.#position = Math.max(this.#position, entry.throughSeq ?? 0);
    }
  }

  /** Reads the conversation's own feed from this connection's cursor until it has nothing more. */
  async #catchUp() {
    for (let more = true; more && !this.#closed;) {
      let changes;
      try {
        changes = await this.#request("GET", `/changes${changesQuery(this.#cursor, { mode: "poll" })}`);
      } catch (error) {
        if (!(error instanceof HttpError) || error.code !== "invalid_cursor") throw error;
        this.#emit("error", error);
        await this.#startOver();
        return;
      }
      this.#cursor = changes.cursor;
      for (const message of changes.messages) {
        this.#deliver(message);
        this.#position = Math.max(this.#position, message.changeSeq);
      }
      this.#mergeReadMarkers(changes.readMarkers);
      more = changes.hasMore;
    }
  }

  /**
   * The server no longer knows our cursor or the user feed's (e.g. its store was reset): take a
   * fresh cursor, read the conversation again (its seqs may have started over) and catch up from
   * the latest history page.
   */
  async #startOver() {
    if (this.#closed) return;
    const fresh = await this.#request("GET", "/changes");
    const conversation = await this.#request("GET", "");
    this.#cursor = fresh.cursor;
    this.#position = conversation.lastSeq;
    const page = await this.#request("GET", "/messages");
    for (const message of page.messages) this.#deliver(message);
  }

  #onFeedStatus(status) {
    if (this.#closed) return;
    if (status === "closed") {
      this.#fail(new Error("The chat feed is unavailable."));
      return;
    }
    // Until the sync is done, the status is the sync's own.
    if (!this.#synced) return;
    if (status === "reconnecting") {
      this.#setStatus("reconnecting");
      this.#showTyping([]);
    } else if (status === "live") {
      const wasLive = this.#status === "live";
      this.#setStatus("live");
      if (!wasLive) this.#sendSleeper.wake();
    }
  }

  /** Typing in this conversation, the caller left out; told only when it changed. */
  #showTyping(typing) {
    const me = this.user?.userId;
    const others = typing.filter(t => t.userId !== me).map(({ userId, displayName }) => ({ userId, displayName }));
    const seen = JSON.stringify(others);
    if (seen === this.#typingSeen) return;
    this.#typingSeen = seen;
    this.#emit("typing", others);
  }

  /** Read markers only move forward: keeps the highest of each member's, and tells when one moved. */
  #mergeReadMarkers(markers) {
    let moved = false;
    for (const { userId, lastReadSeq } of markers) {
      if ((this.#readMarkers.get(userId) ?? -1) >= lastReadSeq) continue;
      this.#readMarkers.set(userId, lastReadSeq);
      moved = true;
    }
    if (!moved) return;
    this.#emit("read", this.#readMarkerList());
    const known = new Set(this.conversation?.members.map(m => m.userId));
    if (markers.some(r => !known.has(r.userId))) this.#refreshMembers();
  }

  #readMarkerList() {
    return [...this.#readMarkers].map(([userId, lastReadSeq]) => ({ userId, lastReadSeq }));
  }

  /** Someone joined: read the member list again so names are known, then say so through a "read" event. */
  async #refreshMembers() {
    if (this.#refreshingMembers) return;
    this.#refreshingMembers = true;
    try {
      this.conversation = await this.#request("GET", "");
      this.#emit("read", this.#readMarkerList());
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

  /** Runs `attempt` until it succeeds, backing off while it fails on the network (status "reconnecting"). */
  #retrying(attempt) {
    return withRetries(attempt, {
      signal: this.#aborter.signal,
      sleeper: this.#feedSleeper,
      onFailure: error => {
        this.#emit("error", error);
        this.#setStatus("reconnecting");
      },
    });
  }

  /** A refusal a retry cannot fix (or close() while waiting): said once, then closed. */
  #fail(error) {
    if (this.#closed) return;
    this.#emit("error", error);
    this.close();
  }

  #onVisibilityChange = () => {
    if (isHidden()) return;
    // Catch up at once: cut short a reconnect backoff, and send read markers held back.
    this.#feedSleeper.wake();
    this.#feed?.wake();
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
          const body = { text: entry.text, clientMessageId: entry.clientMessageId };
          if (entry.attachments.length > 0) body.attachments = attachmentIds(entry.attachments);
          const message = await this.#request("POST", "/messages", JSON.stringify(body));
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

  #request(method, path, body) {
    return requestJson(this.#fetch, `${this.#base}${path}`, { method, body, signal: this.#aborter.signal });
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

/** Whether an inbox entry is a later state of the conversation than `known`: its seq or the reader's marker moved on. */
export function isNewerInboxEntry(known, entry) {
  if (entry.lastSeq !== known.lastSeq) return entry.lastSeq > known.lastSeq;
  return entry.lastReadSeq > known.lastReadSeq;
}

const sameList = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The caller's inbox as the user feed changes it: each conversation's latest entry (id, title,
 * lastSeq, lastReadSeq, unreadCount, lastMessage), latest activity first, with the feed's
 * presence and typing (each the whole set, as the last answer had it).
 */
export class InboxState {
  #byId = new Map();
  /** Activity order: a conversation gets the next rank when a message (or edit) moves its lastSeq. */
  #rank = new Map();
  #clock = 0;
  #presence = [];
  #typing = [];

  /** The inbox as `GET /conversations` has it, latest change first. */
  load(conversations) {
    conversations.forEach((entry, index) => {
      if (this.#merge(entry) && !this.#rank.has(entry.id)) this.#rank.set(entry.id, -index);
    });
  }

  /** One feed answer; returns whether anything shown changed. */
  apply(answer) {
    let changed = false;
    for (const entry of answer.conversations ?? []) {
      const before = this.#byId.get(entry.id);
      if (!this.#merge(entry)) continue;
      changed = true;
      if (!before || entry.lastSeq > before.lastSeq) this.#rank.set(entry.id, ++this.#clock);
    }
    for (const id of answer.removed ?? []) {
      changed = this.#byId.delete(id) || changed;
      this.#rank.delete(id);
    }
    if (answer.presence && !sameList(answer.presence, this.#presence)) {
      this.#presence = answer.presence;
      changed = true;
    }
    if (answer.typing && !sameList(answer.typing, this.#typing)) {
      this.#typing = answer.typing;
      changed = true;
    }
    return changed;
  }

  /** {conversations, presence, typing}: conversations latest activity first. */
  snapshot() {
    const conversations = [...this.#byId.values()].sort((a, b) => this.#rank.get(b.id) - this.#rank.get(a.id));
    return { conversations, presence: this.#presence, typing: this.#typing };
  }

  #merge({ id, title, lastSeq, lastReadSeq, unreadCount, lastMessage }) {
    const known = this.#byId.get(id);
    if (known && !isNewerInboxEntry(known, { lastSeq, lastReadSeq })) return false;
    this.#byId.set(id, { id, title, lastSeq, lastReadSeq, unreadCount, lastMessage: lastMessage ?? null });
    return true;
  }
}

/**
 * Watches the caller's inbox for unread badges: reads `GET {baseUrl}/conversations` once, then
 * follows the tab's shared user feed, so a badge changes the moment a message arrives and
 * nothing polls. Dispatches "inbox" events with {conversations, presence, typing} (see
 * InboxState), "status" with the feed's status and "error"; close() stops it.
 * @param {{baseUrl?: string, fetch?: typeof fetch, feed?: import("./bstchat-feed.js").SharedFeed}} options
 */
export function watchInbox({ baseUrl = "/chat", fetch: fetchImpl, feed } = {}) {
  const watcher = new EventTarget();
  const aborter = new AbortController();
  const api = baseUrl.replace(/\/$/, "");
  const doFetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  const emit = (type, detail) => watcher.dispatchEvent(new CustomEvent(type, { detail }));
  const publish = () => emit("inbox", state.snapshot());
  // Subscribed before the inbox is read; answers heard meanwhile are applied after it (the
  // entries carry whole states, and an older one never replaces a newer).
  let early = [];
  let state = new InboxState();
  let loads = 0;
  const load = () => {
    const load = ++loads;
    early = [];
    state = new InboxState();
    withRetries(() => requestJson(doFetch, `${api}/conversations`, { signal: aborter.signal }), {
      signal: aborter.signal,
      onFailure: error => emit("error", error),
    }).then(inbox => {
      if (load !== loads) return;
      state.load(inbox.conversations);
      for (const answer of early) state.apply(answer);
      early = null;
      publish();
    }, error => {
      if (!aborter.signal.aborted) emit("error", error);
    });
  };
  let unsubscribe = () => {};
  const follow = shared => {
    unsubscribe = shared.subscribe({
      changes: answer => {
        if (early) early.push(answer);
        else if (state.apply(answer)) publish();
      },
      status: status => emit("status", status),
      // The feed started over (e.g. the server's store was reset): read the inbox afresh.
      reset: load,
    });
    load();
  };
  watcher.close = () => {
    aborter.abort();
    unsubscribe();
  };
  if (feed) {
    follow(feed);
  } else {
    // The feed is shared only between tabs of the same user (see connect()).
    withRetries(() => requestJson(doFetch, `${api}/me`, { signal: aborter.signal }), { signal: aborter.signal, onFailure: error => emit("error", error) })
      .then(me => { if (!aborter.signal.aborted) follow(sharedFeed({ baseUrl: api, userId: me.userId })); },
        error => { if (!aborter.signal.aborted) emit("error", error); });
  }
  return watcher;
}
