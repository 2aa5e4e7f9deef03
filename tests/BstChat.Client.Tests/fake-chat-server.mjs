// An in-memory stand-in for the chat HTTP API, just enough to drive connect(), watchInbox() and
// the shared user feed in Node: one conversation, with its own feed and the user feed
// (GET /chat/changes, as docs/user-feed.md has it). `fetch` is what the client is given;
// `intercept` lets a test fail or replace a request. Uploads (POST …/files) come through
// `XMLHttpRequest`, a stand-in for the browser's, which `refuseUpload` can make refuse.

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const problem = (status, code) => json(status, { status, code, detail: code });

export class FakeChatServer {
  conversationId = "c1";
  seq = 0;
  messages = [];
  typing = [];
  readMarkers = [{ userId: "anna", lastReadSeq: 0 }, { userId: "ben", lastReadSeq: 0 }];
  presence = [];
  /** Conversation ids the user feed announces as removed, once. */
  removed = [];
  /** The user feed sends a conversation with more changes than this as a hasMore entry, without its messages. */
  userFeedPage = Infinity;
  removedForGood = false;
  /** Every request, in order: {method, path, query, body}. */
  requests = [];
  /** Called with each request before it is served: return a Response (or throw) to replace it, undefined to serve it. */
  intercept = () => undefined;
  /** Uploaded files by id, as the upload answered. */
  files = new Map();
  /** Called with each upload's file: return {status, body, headers} to refuse it, undefined to store it. */
  refuseUpload = () => undefined;
  #changed = [];
  #ids = 0;
  /** Moves whenever typing, read markers, presence or membership change: the user feed's cursor carries it. */
  #version = 0;

  constructor({ pollAfterMs = 5 } = {}) {
    this.pollAfterMs = pollAfterMs;
  }

  get base() { return `/chat/conversations/${this.conversationId}`; }

  /** A message written by someone else, as if through another client. */
  write(senderId, text, clientMessageId = null, attachments = []) {
    const seq = ++this.seq;
    const message = {
      id: `m${++this.#ids}`, conversationId: this.conversationId, seq, changeSeq: seq, senderId, senderName: senderId,
      text, clientMessageId, createdAt: new Date().toISOString(), editedAt: null, deletedAt: null, attachments,
    };
    this.messages.push(message);
    this.#notify();
    return message;
  }

  edit(id, text) {
    const message = this.messages.find(m => m.id === id);
    Object.assign(message, { text, changeSeq: ++this.seq, editedAt: new Date().toISOString() });
    this.#notify();
    return message;
  }

  /** Someone starts or stops typing (the whole set), as the server's typing state would. */
  setTyping(typing) {
    this.typing = typing;
    this.#stateChanged();
  }

  /** The caller is removed from the conversation. */
  remove() {
    this.removed.push(this.conversationId);
    this.#stateChanged();
  }

  /** Requests of the user feed, `GET /chat/changes`. */
  get userFeedRequests() {
    return this.requests.filter(r => r.method === "GET" && r.path === "/chat/changes");
  }

  requestsTo(method, suffix) {
    return this.requests.filter(r => r.method === method && r.path === `${this.base}${suffix}`);
  }

  fetch = async (url, init = {}) => {
    const parsed = new URL(url, "http://test");
    const request = {
      method: init.method ?? "GET",
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      body: init.body ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(request);
    const replaced = await this.intercept(request);
    if (replaced !== undefined) return replaced;
    return this.serve(request, init.signal);
  };

  /** Serves a request as the real API would, without recording or intercepting it. */
  serve(request, signal) {
    return this.#serve(request, signal);
  }

  async #serve({ method, path, query, body }, signal) {
    if (path === "/chat/me") return json(200, { userId: "anna", displayName: "Anna" });
    if (path === "/chat/changes") return this.#userChanges(query, signal);
    if (path === "/chat/conversations") return json(200, { conversations: [this.#inboxEntry()], hasMore: false });
    if (!path.startsWith(this.base)) return problem(404, "conversation_not_found");
    const route = `${method} ${path.slice(this.base.length)}`;
    if (route === "GET ") {
      return json(200, {
        id: this.conversationId, title: "Lesson", lastSeq: this.seq,
        members: this.readMarkers.map(r => ({ userId: r.userId, displayName: r.userId, role: "member", lastReadSeq: r.lastReadSeq })),
      });
    }
    if (route === "GET /changes") return this.#changes(query, signal);
    if (route === "GET /messages") {
      const before = query.before ? Number(query.before) : Infinity;
      const limit = Number(query.limit ?? 50);
      const older = this.messages.filter(m => m.seq < before).sort((a, b) => a.seq - b.seq);
      return json(200, { messages: older.slice(-limit), hasMore: older.length > limit });
    }
    if (route === "POST /messages") {
      const replay = this.messages.find(m => m.senderId === "anna" && m.clientMessageId === body.clientMessageId);
      if (replay) return json(200, replay);
      const attachments = (body.attachments ?? []).map(id => this.files.get(id));
      if (attachments.includes(undefined)) return problem(422, "invalid_attachments");
      if (!body.text && attachments.length === 0) return problem(400, "empty_text");
      return json(201, this.write("anna", body.text, body.clientMessageId, attachments));
    }
    if (route === "POST /typing") return new Response(null, { status: 204 });
    if (route === "POST /read") {
      this.readMarkers.find(r => r.userId === "anna").lastReadSeq = body.seq;
      this.#stateChanged();
      return new Response(null, { status: 204 });
    }
    return problem(404, "not_found");
  }

  async #changes(query, signal) {
    if (query.cursor === undefined) return json(200, this.#answer([], this.seq));
    const after = Number(query.cursor.split(".")[0]);
    if (after > this.seq) return problem(400, "invalid_cursor");
    const changed = () => this.messages.filter(m => m.changeSeq > after).sort((a, b) => a.changeSeq - b.changeSeq);
    if (changed().length === 0 && Number(query.wait) > 0) {
      // Held until something changes or the client gives up: a long-poll.
      await new Promise((resolve, reject) => {
        this.#changed.push(resolve);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    const messages = changed();
    return json(200, this.#answer(messages, messages.length ? messages[messages.length - 1].changeSeq : after));
  }

  #answer(messages, seenUpTo) {
    const state = JSON.stringify([this.typing, this.readMarkers]).length;
    return {
      cursor: `${seenUpTo}.${state}`, messages: structuredClone(messages), hasMore: false,
      typing: this.typing, readMarkers: structuredClone(this.readMarkers), pollAfterMs: this.pollAfterMs,
    };
  }

  async #userChanges(query, signal) {
    if (query.cursor === undefined) return json(200, this.#userAnswer(null));
    const [after, version] = query.cursor.slice(1).split(".").map(Number);
    if (!query.cursor.startsWith("u") || after > this.seq) return problem(400, "invalid_cursor");
    const changed = () => this.messages.some(m => m.changeSeq > after) || this.#version !== version;
    if (!changed() && Number(query.wait) > 0) {
      await new Promise((resolve, reject) => {
        this.#changed.push(resolve);
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    return json(200, this.#userAnswer(after, version));
  }

  /** One user-feed answer from `after` (null: no cursor, "from now on"). */
  #userAnswer(after, version) {
    const id = this.conversationId;
    const removed = this.removed.splice(0);
    const changes = after === null ? [] : this.messages.filter(m => m.changeSeq > after).sort((a, b) => a.changeSeq - b.changeSeq);
    const touched = after === null || changes.length > 0 || version !== this.#version;
    const gone = removed.includes(id) || this.removedForGood;
    if (removed.includes(id)) this.removedForGood = true;
    const page = changes.length > this.userFeedPage;
    const entries = touched && !gone
      ? [{ ...this.#inboxEntry(), afterSeq: after ?? this.seq, throughSeq: this.seq, hasMore: page }]
      : [];
    return {
      cursor: `u${this.seq}.${this.#version}`,
      messages: gone || page ? [] : structuredClone(changes),
      conversations: entries,
      removed,
      typing: gone ? [] : this.typing.map(t => ({ conversationId: id, ...t })),
      readMarkers: entries.length ? this.readMarkers.map(r => ({ conversationId: id, ...r })) : [],
      presence: this.presence,
      hasMore: false,
      pollAfterMs: this.pollAfterMs,
    };
  }

  #inboxEntry() {
    const lastReadSeq = this.readMarkers.find(r => r.userId === "anna").lastReadSeq;
    const live = this.messages.filter(m => !m.deletedAt);
    return {
      id: this.conversationId, title: "Lesson", lastSeq: this.seq, lastReadSeq,
      unreadCount: live.filter(m => m.seq > lastReadSeq && m.senderId !== "anna").length,
      lastMessage: structuredClone(live.sort((a, b) => a.seq - b.seq).at(-1) ?? null),
    };
  }

  #stateChanged() {
    this.#version++;
    this.#notify();
  }

  #notify() {
    for (const wake of this.#changed.splice(0)) wake();
  }

  /** Stores an upload's file part (a Blob) and answers as the API does. */
  upload(path, form) {
    this.requests.push({ method: "POST", path, query: {}, body: undefined });
    if (path !== `${this.base}/files`) return { status: 404, body: { code: "conversation_not_found" } };
    const file = form.get("file");
    const refusal = this.refuseUpload(file);
    if (refusal) return refusal;
    const fileId = String(this.files.size + 1).padStart(32, "0");
    const answer = {
      fileId, name: file.name, contentType: file.type, size: file.size, width: null, height: null,
      url: `${this.base}/files/${fileId}`, thumbnailUrl: null,
    };
    this.files.set(fileId, answer);
    return { status: 201, body: answer };
  }

  /**
   * The browser's XMLHttpRequest as far as uploads use it: progress events in `steps`, then the
   * server's answer; abort() ends it with an "abort" event and stores nothing.
   */
  get XMLHttpRequest() {
    const server = this;
    return class FakeXhr {
      static steps = 4;
      static sent = [];
      upload = new EventTarget();
      status = 0;
      responseText = "";
      responseType = "";
      #events = new EventTarget();
      #headers = {};
      #path = "";
      #aborted = false;

      open(method, url) { this.#path = new URL(url, "http://test").pathname; }
      setRequestHeader() {}
      addEventListener(type, listener) { this.#events.addEventListener(type, listener); }
      getResponseHeader(name) { return this.#headers[name] ?? null; }

      async send(form) {
        FakeXhr.sent.push(this);
        const file = form.get("file");
        for (let step = 1; step <= FakeXhr.steps; step++) {
          await new Promise(resolve => setTimeout(resolve, 1));
          if (this.#aborted) return;
          const event = new Event("progress");
          Object.assign(event, { loaded: Math.round((file.size * step) / FakeXhr.steps), total: file.size, lengthComputable: true });
          this.upload.dispatchEvent(event);
        }
        if (this.#aborted) return;
        const answer = server.upload(this.#path, form);
        this.status = answer.status;
        this.responseText = JSON.stringify(answer.body);
        this.#headers = answer.headers ?? {};
        this.#events.dispatchEvent(new Event("load"));
      }

      abort() {
        if (this.#aborted) return;
        this.#aborted = true;
        this.#events.dispatchEvent(new Event("abort"));
      }
    };
  }
}

/** A hang guard for what happens within milliseconds: generous, so a busy machine never trips it. */
const PATIENCE_MS = 30_000;

/** Resolves with the detail of the next `type` event that passes `where`, or fails after PATIENCE_MS. */
/** Resolves once `condition()` holds, checked every few milliseconds, or fails after PATIENCE_MS. */
export async function until(condition, what = "the condition") {
  const giveUp = Date.now() + PATIENCE_MS;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`${what} did not hold within ${PATIENCE_MS / 1000} s`);
    await new Promise(resolve => setTimeout(resolve, 5));
  }
}

export function nextEvent(target, type, where = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${PATIENCE_MS / 1000} s`)), PATIENCE_MS);
    target.addEventListener(type, function listener(e) {
      if (!where(e.detail)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(e.detail);
    });
  });
}

/** Collects every `type` event's detail. */
export function collect(target, type) {
  const seen = [];
  target.addEventListener(type, e => seen.push(e.detail));
  return seen;
}
