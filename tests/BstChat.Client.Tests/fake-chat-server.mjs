// An in-memory stand-in for the chat HTTP API, just enough to drive connect() in Node.
// `fetch` is what connect() is given; `intercept` lets a test fail or replace a request.

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const problem = (status, code) => json(status, { status, code, detail: code });

export class FakeChatServer {
  conversationId = "c1";
  seq = 0;
  messages = [];
  typing = [];
  readMarkers = [{ userId: "anna", lastReadSeq: 0 }, { userId: "ben", lastReadSeq: 0 }];
  /** Every request, in order: {method, path, query, body}. */
  requests = [];
  /** Called with each request before it is served: return a Response (or throw) to replace it, undefined to serve it. */
  intercept = () => undefined;
  #changed = [];
  #ids = 0;

  constructor({ pollAfterMs = 5 } = {}) {
    this.pollAfterMs = pollAfterMs;
  }

  get base() { return `/chat/conversations/${this.conversationId}`; }

  /** A message written by someone else, as if through another client. */
  write(senderId, text, clientMessageId = null) {
    const seq = ++this.seq;
    const message = {
      id: `m${++this.#ids}`, conversationId: this.conversationId, seq, changeSeq: seq, senderId, senderName: senderId,
      text, clientMessageId, createdAt: new Date().toISOString(), editedAt: null, deletedAt: null,
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
      return json(201, this.write("anna", body.text, body.clientMessageId));
    }
    if (route === "POST /typing") return new Response(null, { status: 204 });
    if (route === "POST /read") {
      this.readMarkers.find(r => r.userId === "anna").lastReadSeq = body.seq;
      this.#notify();
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

  #notify() {
    for (const wake of this.#changed.splice(0)) wake();
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
