// <bst-chat>: a drop-in chat widget on top of bstchat.js. No dependencies.
//
//   <script type="module" src="/chat/bstchat-element.js"></script>
//   <bst-chat conversation="lesson-1" base-url="/chat"></bst-chat>
//
// Attributes: conversation (required), base-url (default "/chat"), mode ("longpoll" or "poll").
// The element reflects the connection's status as data-status (connecting, live, reconnecting, closed);
// a conversation the user was removed from closes it with data-removed set and the composer off.
// Theming: the CSS custom properties listed in STYLE below, and ::part() for each region.
// Message text is only ever set with textContent: nothing a user writes is parsed as HTML.
// Every string a user chose (names, message text) is isolated in its own dir="auto" element, so
// right-to-left text or a bidi control in it cannot move what follows (the time, another name).
// Styles are adopted, not inlined, so the widget runs under a Content-Security-Policy without
// 'unsafe-inline'.

import { connect } from "./bstchat.js";
import { THEME, el, isolated, setLine, adoptStyle } from "./bstchat-ui.js";

/** Messages from one sender closer together than this share a header. */
export const GROUP_WINDOW_MS = 5 * 60_000;

/** Whether `message` starts a new group after `previous` (another sender, a long pause, or a system message). */
export function startsGroup(previous, message) {
  if (!previous || previous.senderId !== message.senderId || message.senderId === "") return true;
  return Date.parse(message.createdAt) - Date.parse(previous.createdAt) > GROUP_WINDOW_MS;
}

/** A user's string within a line of the widget's own words; rendered isolated (see `setLine`). */
const userText = text => ({ user: text });

/**
 * "Anna is typing…", "Anna and Ben are typing…", "3 people are typing…", or nothing, as parts:
 * the widget's words as strings, each name as `{ user }`.
 */
export function typingLine(users) {
  const names = users.map(u => userText(u.displayName));
  if (names.length === 0) return [];
  if (names.length === 1) return [names[0], " is typing…"];
  if (names.length === 2) return [names[0], " and ", names[1], " are typing…"];
  return [`${names.length} people are typing…`];
}

/** The names of the other members who have read up to `seq`. */
export function seenBy(seq, readMarkers, members, meId) {
  const names = new Map(members.map(m => [m.userId, m.displayName]));
  return readMarkers
    .filter(r => r.userId !== meId && r.lastReadSeq >= seq && names.has(r.userId))
    .map(r => names.get(r.userId));
}

/** "Seen by Ben", "Seen by Ben and Chloe", "Seen by Ben, Chloe and Dan", or nothing, as parts like `typingLine`'s. */
export function seenLine(names) {
  if (names.length === 0) return [];
  const parts = ["Seen by "];
  names.forEach((name, i) => {
    if (i > 0) parts.push(i === names.length - 1 ? " and " : ", ");
    parts.push(userText(name));
  });
  return parts;
}

/** The first message after the reader's marker that someone else sent: where the unread divider goes. */
export function firstUnread(messages, lastReadSeq, meId) {
  return messages.find(m => m.seq > lastReadSeq && m.senderId !== meId && !m.deletedAt) ?? null;
}

/** A short time for a message: "14:05" today, "3 Mar, 14:05" otherwise. */
export function formatTime(iso, now = new Date(), locale = undefined) {
  const date = new Date(iso);
  const sameDay = date.toDateString() === now.toDateString();
  const options = sameDay
    ? { hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

/** Close enough to the bottom that new messages should keep the view pinned there. */
const PINNED_PX = 80;
const PAGE_SIZE = 50;

const STYLE = `${THEME}
.chat { display: flex; flex-direction: column; height: var(--bst-chat-height); background: var(--bst-chat-bg);
  border: 1px solid var(--bst-chat-border); border-radius: var(--bst-chat-radius); overflow: hidden; }
.banner { padding: 6px 12px; background: #fff4ce; color: #5c4400; font-size: 13px; text-align: center; }
.banner.closed { background: #fde7e7; color: var(--bst-chat-danger); }
.scroller { position: relative; flex: 1; overflow-y: auto; padding: 8px 12px; }
li.msg:focus-visible { outline: 2px solid var(--bst-chat-accent); outline-offset: 2px; border-radius: 4px; }
.history { text-align: center; color: var(--bst-chat-muted); font-size: 13px; margin: 4px 0; }
ol { list-style: none; margin: 0; padding: 0; }
li.msg { margin: 2px 0; display: flex; flex-direction: column; align-items: flex-start; }
li.msg.group-start { margin-top: 10px; }
li.msg.own { align-items: flex-end; }
.meta { display: none; font-size: 12px; color: var(--bst-chat-muted); margin: 0 4px 2px; }
li.group-start .meta { display: block; }
.sender { font-weight: 600; color: var(--bst-chat-fg); margin-right: 6px; }
.row { display: flex; align-items: center; gap: 6px; max-width: 85%; }
li.own .row { flex-direction: row-reverse; }
.bubble { min-width: 0; padding: 6px 10px; border-radius: var(--bst-chat-radius); background: var(--bst-chat-other-bg); }
li.own .bubble { background: var(--bst-chat-own-bg); }
.text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.edited { font-size: 12px; color: var(--bst-chat-muted); margin-left: 6px; }
li.deleted .bubble { background: none; border: 1px dashed var(--bst-chat-border); color: var(--bst-chat-muted); font-style: italic; }
li.system { align-items: center; }
li.system .bubble { background: none; color: var(--bst-chat-muted); font-size: 13px; }
li.pending .bubble { opacity: 0.6; }
li.failed .bubble { outline: 1px solid var(--bst-chat-danger); }
.status { font-size: 12px; color: var(--bst-chat-muted); margin: 2px 4px 0; }
.status:empty { display: none; }
li.failed .status { color: var(--bst-chat-danger); }
.actions { display: flex; gap: 4px; opacity: 0; }
li.msg:hover .actions, li.msg:focus-within .actions { opacity: 1; }
button { font: inherit; font-size: 12px; border: 1px solid var(--bst-chat-border); background: var(--bst-chat-bg);
  color: var(--bst-chat-fg); border-radius: 6px; padding: 1px 8px; cursor: pointer; }
button:focus-visible, textarea:focus-visible { outline: 2px solid var(--bst-chat-accent); outline-offset: 1px; }
li.divider { display: flex; align-items: center; gap: 8px; margin: 10px 0; color: var(--bst-chat-accent); font-size: 12px; font-weight: 600; }
li.divider::before, li.divider::after { content: ""; flex: 1; border-top: 1px solid var(--bst-chat-accent); }
.typing { min-height: 20px; padding: 0 12px; font-size: 13px; color: var(--bst-chat-muted); font-style: italic; }
form.composer { display: flex; gap: 8px; padding: 8px; border-top: 1px solid var(--bst-chat-border); }
textarea { flex: 1; resize: none; font: inherit; color: inherit; background: var(--bst-chat-bg); padding: 6px 8px;
  border: 1px solid var(--bst-chat-border); border-radius: 8px; max-height: 120px; }
form.composer button, .edit-form button.save { background: var(--bst-chat-accent); color: var(--bst-chat-accent-fg); border-color: var(--bst-chat-accent); font-size: 14px; padding: 4px 14px; }
.edit-form { display: flex; flex-direction: column; gap: 4px; min-width: 50%; }
.edit-form div { display: flex; gap: 4px; justify-content: flex-end; }
.error { color: var(--bst-chat-danger); font-size: 12px; padding: 0 12px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

// Static markup only: data never goes through innerHTML.
const TEMPLATE = `
<div class="chat" part="container">
  <div class="banner" role="status" part="banner" hidden></div>
  <div class="scroller" part="messages" role="region" aria-label="Messages">
    <div class="sentinel"></div>
    <p class="history" hidden></p>
    <ol class="messages"></ol>
  </div>
  <div class="typing" part="typing"></div>
  <div class="announcer sr-only" aria-live="polite"></div>
  <p class="error" role="alert" hidden></p>
  <form class="composer" part="composer">
    <label class="sr-only" for="composer-input">Message</label>
    <textarea id="composer-input" dir="auto" rows="2" placeholder="Write a message…" enterkeyhint="send"></textarea>
    <button type="submit">Send</button>
  </form>
</div>`;

const Base = globalThis.HTMLElement ?? class {};

/** The <bst-chat> element. */
export class BstChatElement extends Base {
  static observedAttributes = ["conversation", "base-url", "mode"];

  #chat = null;
  #root;
  #ui = {};
  /** Rendered messages by id: {message, li}. Pending ones are keyed "cid:" + clientMessageId. */
  #rendered = new Map();
  #readMarkers = [];
  #hasMore = true;
  #divider = null;
  #lastReadAtOpen = 0;
  #observer = null;
  #openedWith = null;
  #removed = false;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.innerHTML = TEMPLATE;
    adoptStyle(this.#root, STYLE);
    for (const name of ["banner", "scroller", "sentinel", "history", "messages", "typing", "announcer", "error", "composer"]) {
      this.#ui[name] = this.#root.querySelector(`.${name}`);
    }
    this.#ui.input = this.#root.querySelector("textarea");
    this.#ui.composer.addEventListener("submit", e => { e.preventDefault(); this.#submit(); });
    this.#ui.input.addEventListener("keydown", e => {
      // Enter sends, Shift+Enter is a new line; an IME composing a character keeps its Enter.
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.#submit(); }
    });
    this.#ui.input.addEventListener("input", () => { if (this.#ui.input.value.trim()) this.#chat?.typing(); });
    this.#ui.scroller.addEventListener("scroll", () => this.#markReadIfSeen(), { passive: true });
    // Keyboard: the list is one tab stop; arrow keys move between messages, and Tab enters the
    // focused message's buttons, so reaching the composer never means tabbing past every message.
    const list = this.#ui.messages;
    list.addEventListener("keydown", e => this.#onListKeydown(e));
    list.addEventListener("focusin", e => setButtonsTabbable(e.target.closest("li.msg"), true));
    list.addEventListener("focusout", e => {
      const li = e.target.closest("li.msg");
      if (li && !li.contains(e.relatedTarget)) setButtonsTabbable(li, false);
    });
  }

  connectedCallback() { this.#open(); }

  disconnectedCallback() { this.#shut(); }

  attributeChangedCallback() {
    if (this.isConnected) this.#open();
  }

  /** The underlying connection (see bstchat.js), for hosts that want its events too. */
  get connection() { return this.#chat; }

  /** Connects with the current attributes, unless already connected with exactly these. */
  #open() {
    const conversationId = this.getAttribute("conversation");
    const baseUrl = this.getAttribute("base-url") ?? "/chat";
    const mode = this.getAttribute("mode") === "poll" ? "poll" : "longpoll";
    const key = JSON.stringify([conversationId, baseUrl, mode]);
    if (this.#chat && key === this.#openedWith) return;
    this.#shut();
    if (!conversationId) return;
    const chat = connect({ conversationId, baseUrl, mode });
    this.#chat = chat;
    this.#openedWith = key;
    chat.addEventListener("message", e => this.#onMessage(e.detail));
    chat.addEventListener("changed", e => this.#upsert(e.detail));
    chat.addEventListener("deleted", e => this.#upsert(e.detail));
    chat.addEventListener("typing", e => setLine(this.#ui.typing, typingLine(e.detail)));
    chat.addEventListener("read", e => { this.#readMarkers = e.detail; this.#renderSeen(); });
    chat.addEventListener("status", e => this.#onStatus(e.detail));
    chat.addEventListener("outbox", e => this.#onOutbox(e.detail));
    chat.addEventListener("removed", () => this.#onRemoved());
    this.#observer = new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) this.#loadOlder();
    }, { root: this.#ui.scroller });
    chat.ready.then(() => this.#loadFirstPage(chat));
  }

  #shut() {
    this.#chat?.close();
    this.#chat = null;
    this.#observer?.disconnect();
    this.#observer = null;
    this.#rendered.clear();
    this.#ui.messages.replaceChildren();
    this.#divider = null;
    this.#hasMore = true;
    this.#readMarkers = [];
    this.#ui.typing.textContent = "";
    this.#ui.banner.hidden = true;
    this.#showHistoryStatus("");
    this.#removed = false;
    delete this.dataset.removed;
    this.#setComposerEnabled(true);
  }

  // --- history --------------------------------------------------------------------------------

  async #loadFirstPage(chat) {
    if (chat !== this.#chat) return;
    const me = chat.user.userId;
    this.#lastReadAtOpen = chat.conversation.members.find(m => m.userId === me)?.lastReadSeq ?? 0;
    const page = await this.#fetchOlder();
    if (chat !== this.#chat || !page) return;
    if (this.#divider) {
      // Scroll only the list (scrollIntoView would scroll the host page too).
      this.#ui.scroller.scrollTop = this.#divider.offsetTop - PINNED_PX;
    } else {
      this.#scrollToBottom();
    }
    this.#observer.observe(this.#ui.sentinel);
    this.#markReadIfSeen();
  }

  /** Puts "New messages" before the first message that was unread when the widget opened; older pages may move it up. */
  #placeDivider(messages) {
    const unread = firstUnread(messages, this.#lastReadAtOpen, this.#chat.user.userId);
    const li = unread && this.#rendered.get(unread.id)?.li;
    if (!li) return;
    if (!this.#divider) {
      this.#divider = el("li", "divider", "New messages");
      this.#divider.setAttribute("role", "separator");
    }
    li.before(this.#divider);
  }

  async #loadOlder() {
    if (!this.#hasMore || !this.#chat) return;
    const scroller = this.#ui.scroller;
    const fromBottom = scroller.scrollHeight - scroller.scrollTop;
    await this.#fetchOlder();
    // Keep what the reader was looking at in place while older messages appear above it.
    scroller.scrollTop = scroller.scrollHeight - fromBottom;
  }

  async #fetchOlder() {
    const chat = this.#chat;
    this.#showHistoryStatus("Loading earlier messages…");
    try {
      const page = await chat.loadOlder(PAGE_SIZE);
      if (chat !== this.#chat) return null;
      this.#hasMore = page.hasMore;
      for (const message of page.messages) this.#upsert(message, { belongs: true });
      this.#placeDivider(page.messages);
      this.#showHistoryStatus(page.hasMore ? "" : "This is the start of the conversation.");
      return page;
    } catch {
      this.#showHistoryStatus("Could not load earlier messages.");
      return null;
    }
  }

  #showHistoryStatus(text) {
    this.#ui.history.textContent = text;
    this.#ui.history.hidden = !text;
  }

  // --- rendering ------------------------------------------------------------------------------

  #onMessage(message) {
    const pinned = this.#isPinned();
    this.#upsert(message, { belongs: true });
    if (message.senderId !== this.#chat.user?.userId && message.senderId !== "") {
      setLine(this.#ui.announcer, [userText(message.senderName), ": ", userText(message.text)]);
    }
    if (pinned) this.#scrollToBottom();
    this.#markReadIfSeen();
  }

  /**
   * Renders a message in its place by seq, replacing its earlier rendering or its pending
   * stand-in. New messages and history pages always belong; a change to a message not shown
   * yet is shown only if it falls among the loaded ones (otherwise its history page brings it).
   */
  #upsert(message, { belongs = false } = {}) {
    const pendingKey = message.clientMessageId ? `cid:${message.clientMessageId}` : null;
    const existing = this.#rendered.get(message.id) ?? this.#rendered.get(pendingKey);
    if (!existing && !belongs && !this.#inLoadedRange(message)) return;
    const li = this.#renderMessage(message);
    if (existing) {
      this.#rendered.delete(pendingKey);
      existing.li.replaceWith(li);
    }
    this.#rendered.set(message.id, { message, li });
    this.#place(li, message.seq);
    this.#listChanged();
    this.#renderSeen();
  }

  #inLoadedRange(message) {
    if (!this.#hasMore) return true;
    let oldest = Infinity;
    for (const { message: shown } of this.#rendered.values()) if (shown.seq < oldest) oldest = shown.seq;
    return message.seq >= oldest;
  }

  /** Inserts `li` before the first sent message with a higher seq; pending messages stay last. */
  #place(li, seq) {
    const list = this.#ui.messages;
    const after = [...list.children].find(el => el !== li && el.classList.contains("msg") && !el.dataset.cid && Number(el.dataset.seq) > seq);
    if (after) {
      // A message older than the first unread one goes above the "New messages" divider.
      const anchor = this.#divider && after.previousElementSibling === this.#divider ? this.#divider : after;
      if (anchor.previousElementSibling !== li) anchor.before(li);
      return;
    }
    const firstPending = list.querySelector("li[data-cid]");
    if (firstPending && firstPending !== li) firstPending.before(li);
    else if (!li.isConnected) list.append(li);
  }

  #renderMessage(message) {
    const me = this.#chat.user?.userId;
    const own = message.senderId === me;
    const li = document.createElement("li");
    li.className = "msg";
    li.classList.toggle("own", own);
    li.classList.toggle("system", message.senderId === "");
    li.classList.toggle("deleted", Boolean(message.deletedAt));
    li.dataset.id = message.id;
    li.dataset.seq = String(message.seq);
    li.dataset.sender = message.senderId;
    li.dataset.createdAt = message.createdAt;
    li.tabIndex = -1;

    const meta = el("div", "meta");
    meta.append(isolated("bdi", "sender", message.senderId === "" ? "" : own ? "You" : message.senderName));
    const time = el("time", "", formatTime(message.createdAt));
    time.dateTime = message.createdAt;
    time.title = new Date(message.createdAt).toLocaleString();
    meta.append(time);

    const bubble = el("div", "bubble");
    bubble.title = time.title;
    if (message.deletedAt) {
      bubble.append(el("p", "text", "Message deleted"));
    } else {
      bubble.append(isolated("p", "text", message.text));
      if (message.editedAt) bubble.append(el("span", "edited", "(edited)"));
    }
    const row = el("div", "row");
    row.append(bubble);
    li.append(meta, row, el("div", "status"));

    const moderator = this.#chat.conversation?.members.find(m => m.userId === me)?.role === "moderator";
    if (!message.deletedAt && message.senderId !== "" && (own || moderator)) {
      const actions = el("div", "actions");
      if (own) actions.append(button("Edit", "Edit message", () => this.#startEdit(li, message)));
      actions.append(button("Delete", "Delete message", () => this.#delete(message)));
      row.append(actions);
      setButtonsTabbable(li, false);
    }
    return li;
  }

  /** Shows a sender's name and time only where a group starts, and keeps the list's one tab stop. */
  #listChanged() {
    const items = [...this.#ui.messages.querySelectorAll("li.msg")];
    let previous = null;
    for (const li of items) {
      const current = { senderId: li.dataset.sender, createdAt: li.dataset.createdAt };
      li.classList.toggle("group-start", startsGroup(previous, current));
      previous = current;
    }
    // The tab stop follows the newest message, unless the reader is moving through the list.
    if (items.length === 0 || this.#ui.messages.contains(this.#root.activeElement)) return;
    for (const li of items) li.tabIndex = -1;
    items[items.length - 1].tabIndex = 0;
  }

  #onListKeydown(e) {
    const li = e.target;
    if (!li.matches("li.msg")) return;
    const items = [...this.#ui.messages.querySelectorAll("li.msg")];
    const index = items.indexOf(li);
    const next = items[{ ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: items.length - 1 }[e.key]];
    if (!next) return;
    e.preventDefault();
    li.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  /** "Seen by …" under the caller's latest message that someone else has read. */
  #renderSeen() {
    const chat = this.#chat;
    if (!chat?.user) return;
    const me = chat.user.userId;
    for (const status of this.#ui.messages.querySelectorAll(".status[data-seen]")) {
      status.textContent = "";
      delete status.dataset.seen;
    }
    let latestOwn = null;
    for (const { message, li } of this.#rendered.values()) {
      if (message.senderId === me && !message.deletedAt && (!latestOwn || message.seq > latestOwn.message.seq)) latestOwn = { message, li };
    }
    if (!latestOwn) return;
    const line = seenLine(seenBy(latestOwn.message.seq, this.#readMarkers, chat.conversation.members, me));
    const status = latestOwn.li.querySelector(".status");
    setLine(status, line);
    if (line.length > 0) status.dataset.seen = "true";
  }

  // --- sending --------------------------------------------------------------------------------

  #submit() {
    const text = this.#ui.input.value;
    if (!text.trim() || !this.#chat) return;
    this.#ui.input.value = "";
    // Failures show on the message itself (pending, failed with Retry), not as a rejected promise.
    this.#chat.send(text).catch(() => {});
    this.#scrollToBottom();
  }

  /** A pending or failed message is shown where it will land, the end of the list. */
  #onOutbox(entry) {
    const key = `cid:${entry.clientMessageId}`;
    const known = this.#rendered.get(key);
    if (entry.state === "sent") return;
    const li = known?.li ?? this.#renderPending(entry);
    li.classList.toggle("pending", entry.state === "pending");
    li.classList.toggle("failed", entry.state === "failed");
    const status = li.querySelector(".status");
    status.replaceChildren();
    if (entry.state === "pending") {
      status.textContent = "Sending…";
    } else {
      status.append(`Not sent${entry.error?.message ? `: ${entry.error.message}` : ""} `,
        button("Retry", "Retry sending", () => this.#chat.retry(entry.clientMessageId).catch(() => {})),
        " ",
        button("Discard", "Discard message", () => { this.#chat.discard(entry.clientMessageId); li.remove(); this.#rendered.delete(key); }));
      setButtonsTabbable(li, li.contains(this.#root.activeElement));
    }
    if (!known) {
      this.#rendered.set(key, { message: { clientMessageId: entry.clientMessageId }, li });
      this.#ui.messages.append(li);
      this.#listChanged();
      this.#scrollToBottom();
    }
  }

  #renderPending(entry) {
    const li = document.createElement("li");
    li.className = "msg own";
    li.dataset.cid = entry.clientMessageId;
    li.dataset.sender = this.#chat.user?.userId ?? "";
    li.dataset.createdAt = new Date().toISOString();
    li.tabIndex = -1;
    const meta = el("div", "meta");
    meta.append(isolated("bdi", "sender", "You"));
    const bubble = el("div", "bubble");
    bubble.append(isolated("p", "text", entry.text));
    const row = el("div", "row");
    row.append(bubble);
    li.append(meta, row, el("div", "status"));
    return li;
  }

  #startEdit(li, message) {
    const bubble = li.querySelector(".bubble");
    const form = el("form", "edit-form");
    const input = document.createElement("textarea");
    input.value = message.text;
    input.dir = "auto";
    input.rows = 2;
    input.setAttribute("aria-label", "Edit message");
    const buttons = document.createElement("div");
    const save = button("Save", "Save edit");
    save.type = "submit";
    save.classList.add("save");
    buttons.append(button("Cancel", "Cancel edit", () => form.replaceWith(bubble)), save);
    form.append(input, buttons);
    const commit = async () => {
      const text = input.value;
      if (!text.trim()) return;
      if (text === message.text) { form.replaceWith(bubble); return; }
      try {
        await this.#chat.edit(message.id, text);
      } catch (error) {
        this.#showError(`Could not edit: ${error.message}`);
      }
    };
    form.addEventListener("submit", e => { e.preventDefault(); commit(); });
    input.addEventListener("keydown", e => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); commit(); }
      if (e.key === "Escape") { form.replaceWith(bubble); li.querySelector(".actions button")?.focus(); }
    });
    bubble.replaceWith(form);
    input.focus();
  }

  async #delete(message) {
    try {
      await this.#chat.delete(message.id);
    } catch (error) {
      this.#showError(`Could not delete: ${error.message}`);
    }
  }

  #showError(text) {
    this.#ui.error.textContent = text;
    this.#ui.error.hidden = false;
    setTimeout(() => { this.#ui.error.hidden = true; }, 6_000);
  }

  // --- connection state, scrolling and read markers -------------------------------------------

  #onStatus(status) {
    // Reflected on the host so pages can style around it: bst-chat[data-status="reconnecting"].
    this.dataset.status = status;
    const banner = this.#ui.banner;
    banner.classList.toggle("closed", status === "closed");
    if (status === "reconnecting") banner.textContent = "Reconnecting…";
    if (status === "closed") banner.textContent = this.#removed ? "This conversation is no longer available to you." : "Chat is unavailable.";
    banner.hidden = status !== "reconnecting" && status !== "closed";
  }

  /** The user left or was removed: the conversation stays on screen as it was, but nothing can be sent. */
  #onRemoved() {
    this.#removed = true;
    this.dataset.removed = "";
    this.#ui.typing.textContent = "";
    this.#setComposerEnabled(false);
  }

  #setComposerEnabled(enabled) {
    for (const control of this.#ui.composer.querySelectorAll("textarea, button")) control.disabled = !enabled;
  }

  #isPinned() {
    const s = this.#ui.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < PINNED_PX;
  }

  #scrollToBottom() {
    this.#ui.scroller.scrollTop = this.#ui.scroller.scrollHeight;
  }

  /** Marks read up to the latest message, when the reader can see the bottom of the list. */
  #markReadIfSeen() {
    const chat = this.#chat;
    if (!chat?.user || !this.#isPinned() || this.checkVisibility?.() === false) return;
    let latest = 0;
    for (const { message } of this.#rendered.values()) if (message.seq > latest) latest = message.seq;
    if (latest > 0) chat.markRead(latest);
  }
}

/** A message's buttons are tab stops only while focus is inside that message. */
function setButtonsTabbable(li, tabbable) {
  for (const b of li?.querySelectorAll("button") ?? []) b.tabIndex = tabbable ? 0 : -1;
}

function button(text, label, onClick) {
  const node = el("button", "", text);
  node.type = "button";
  node.setAttribute("aria-label", label);
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

if (globalThis.customElements && !customElements.get("bst-chat")) {
  customElements.define("bst-chat", BstChatElement);
}
