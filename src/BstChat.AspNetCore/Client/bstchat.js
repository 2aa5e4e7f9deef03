// BstChat browser client: an ES module with no dependencies.
//
//   import { connect } from "/chat/bstchat.js";
//   const chat = connect({ baseUrl: "/chat", conversationId: "lesson-1" });
//   chat.addEventListener("message", e => show(e.detail));
//   await chat.send("Hello");
//
// Events (CustomEvent, payload in `detail`): message (new), changed (edited), deleted (tombstone),
// typing (users typing, the caller excluded), read (read markers), status ("connecting",
// "live", "reconnecting", "closed"), error.

/** Delay before retry `attempt` (0-based): exponential from 500 ms, capped at 30 s, with full jitter. */
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

/**
 * Keeps each message's latest state and decides which event a change from the feed is:
 * a change already seen (same or older changeSeq) yields nothing, so replays never double.
 */
export class MessageLedger {
  #byId = new Map();

  /** @returns {"message"|"changed"|"deleted"|null} */
  apply(message) {
    const known = this.#byId.get(message.id);
    if (known && known.changeSeq >= message.changeSeq) return null;
    this.#byId.set(message.id, message);
    if (message.deletedAt) return known?.deletedAt ? null : "deleted";
    return known ? "changed" : "message";
  }

  get(id) { return this.#byId.get(id); }
}

class HttpError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? null;
  }
}

/**
 * Connects to one conversation.
 * @param {{baseUrl?: string, conversationId: string, mode?: "longpoll"|"poll", wait?: number, fetch?: typeof fetch}} options
 */
export function connect(options) {
  return new ChatConnection(options);
}

const TYPING_INTERVAL_MS = 3_000;

class ChatConnection extends EventTarget {
  #base;
  #mode;
  #wait;
  #fetch;
  #cursor = null;
  #ledger = new MessageLedger();
  #closed = false;
  #aborter = new AbortController();
  #lastTypingSent = 0;
  #status = null;
  #oldestSeq = null;

  constructor({ baseUrl = "/chat", conversationId, mode = "longpoll", wait = 25, fetch: fetchImpl } = {}) {
    super();
    if (!conversationId) throw new TypeError("conversationId is required");
    this.conversationId = conversationId;
    this.#base = `${baseUrl.replace(/\/$/, "")}/conversations/${encodeURIComponent(conversationId)}`;
    this.#mode = mode;
    this.#wait = wait;
    this.#fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.#run();
  }

  get status() { return this.#status; }

  /** Sends a message; retried with the same clientMessageId until the server answers, so it is stored once. */
  async send(text, clientMessageId = newClientMessageId()) {
    const body = JSON.stringify({ text, clientMessageId });
    for (let attempt = 0; ; attempt++) {
      try {
        const message = await this.#request("POST", "/messages", body);
        this.#deliver(message);
        return message;
      } catch (error) {
        if (this.#closed || (error instanceof HttpError && error.status < 500 && error.status !== 429)) throw error;
        await this.#sleep(backoffDelay(attempt));
      }
    }
  }

  async edit(messageId, text) {
    const message = await this.#request("PATCH", `/messages/${encodeURIComponent(messageId)}`, JSON.stringify({ text }));
    this.#deliver(message);
    return message;
  }

  async delete(messageId) {
    await this.#request("DELETE", `/messages/${encodeURIComponent(messageId)}`);
  }

  /** Signals typing; calls closer together than 3 s send nothing. */
  async typing() {
    const now = Date.now();
    if (now - this.#lastTypingSent < TYPING_INTERVAL_MS) return;
    this.#lastTypingSent = now;
    await this.#request("POST", "/typing", "{}");
  }

  async markRead(seq) {
    await this.#request("POST", "/read", JSON.stringify({ seq }));
  }

  /** Loads the page of history before the oldest loaded message; resolves to {messages, hasMore}. */
  async loadOlder(limit = 50) {
    const before = this.#oldestSeq ? `&before=${this.#oldestSeq}` : "";
    const page = await this.#request("GET", `/messages?limit=${limit}${before}`);
    if (page.messages.length > 0) this.#oldestSeq = page.messages[0].seq;
    for (const message of page.messages) this.#ledger.apply(message);
    return page;
  }

  close() {
    this.#closed = true;
    this.#aborter.abort();
    this.#setStatus("closed");
  }

  async #run() {
    this.#setStatus("connecting");
    let failures = 0;
    while (!this.#closed) {
      try {
        const longPoll = this.#mode === "longpoll" && this.#cursor !== null;
        const query = this.#cursor === null ? "" : `?cursor=${encodeURIComponent(this.#cursor)}&wait=${longPoll ? this.#wait : 0}`;
        const changes = await this.#request("GET", `/changes${query}`);
        failures = 0;
        this.#setStatus("live");
        this.#applyChanges(changes);
        if (!longPoll && !changes.hasMore && this.#cursor !== null) await this.#sleep(changes.pollAfterMs);
      } catch (error) {
        if (this.#closed) return;
        this.#emit("error", error);
        if (error instanceof HttpError && (error.status === 401 || error.status === 404)) {
          this.close();
          return;
        }
        this.#setStatus("reconnecting");
        await this.#sleep(backoffDelay(failures++));
      }
    }
  }

  #applyChanges(changes) {
    this.#cursor = changes.cursor;
    for (const message of changes.messages) this.#deliver(message);
    this.#emit("typing", changes.typing);
    this.#emit("read", changes.readMarkers);
  }

  #deliver(message) {
    const kind = this.#ledger.apply(message);
    if (kind) this.#emit(kind, message);
  }

  async #request(method, path, body) {
    const response = await this.#fetch(`${this.#base}${path}`, {
      method,
      body,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      credentials: "same-origin",
      signal: this.#aborter.signal,
    });
    if (response.status === 204) return null;
    const payload = await response.json().catch(() => null);
    if (!response.ok) throw new HttpError(response.status, payload);
    return payload;
  }

  #sleep(ms) {
    return new Promise(resolve => {
      const timer = setTimeout(resolve, ms);
      this.#aborter.signal.addEventListener("abort", () => { clearTimeout(timer); resolve(); }, { once: true });
    });
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
