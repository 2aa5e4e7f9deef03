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
// Files: the attach button, a paste into the composer or a drop onto the widget uploads them at
// once (each with its progress and Cancel); Send sends the text with the uploaded ones. Images
// show as pictures that open full size in a <dialog>; other files as download links.

import { connect } from "./bstchat.js";
import { THEME, el, isolated, setLine, adoptStyle, isShownImage, formatSize, attachmentSummary } from "./bstchat-ui.js";

export { isShownImage, formatSize, attachmentSummary } from "./bstchat-ui.js";

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

/** The box an image preview is scaled down into, in CSS pixels. */
export const PREVIEW_BOX_PX = 240;

/**
 * The size to show an image of `width` x `height` at: scaled down (never up) to fit the preview
 * box, keeping its shape. Null when the size is unknown. Given to the <img> as width and height,
 * so its space is kept before it loads and the list does not jump.
 */
export function previewSize(width, height, box = PREVIEW_BOX_PX) {
  if (!(width > 0) || !(height > 0)) return null;
  const scale = Math.min(1, box / width, box / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** "worksheet.pdf · 1.2 MB" as parts like setLine's: the name is the user's string. */
export function fileLine(attachment) {
  const size = formatSize(attachment.size);
  return size ? [{ user: attachment.name }, ` · ${size}`] : [{ user: attachment.name }];
}

/** "Uploading… 42%" for an upload's progress ({loaded, total}). */
export function uploadProgressText({ loaded, total }) {
  if (!(total > 0)) return "Uploading…";
  return `Uploading… ${Math.min(100, Math.floor((loaded / total) * 100))}%`;
}

/**
 * Why an upload (or a send with files) failed, in words for the person who tried: never a status
 * code. The server's `detail` is used where it is written for people (quotas, a host's scanner's
 * refusal); the others get the widget's own sentence, since their detail is written for developers.
 */
export function uploadErrorText(error) {
  if (error?.name === "AbortError") return "The upload was cancelled.";
  if (error?.name !== "HttpError") return "The upload stopped: the connection was lost. Try again.";
  const detail = typeof error.message === "string" && !/^HTTP \d+$/.test(error.message) ? error.message : null;
  switch (error.code) {
    case "file_too_large": {
      const limit = /(\d+) bytes/.exec(detail ?? "");
      return limit ? `This file is larger than ${formatSize(Number(limit[1]))}.` : "This file is too large to send.";
    }
    case "file_type_not_allowed": return "Files of this type cannot be sent here.";
    case "empty_file": return "This file is empty.";
    // The server could not follow the image's structure (so could not remove its location data): its detail is technical.
    case "invalid_image": return "This image could not be read. Try saving it again, or send another one.";
    case "too_many_uploads": {
      const seconds = Math.ceil((error.retryAfterMs ?? 0) / 1000);
      return seconds > 0
        ? `Too many files in a short time. Try again in ${seconds === 1 ? "a second" : `${seconds} seconds`}.`
        : "Too many files in a short time. Try again in a moment.";
    }
    case "file_quota_exceeded": return detail ?? "There is no room left for more files.";
    case "file_refused": return detail ?? "This file was refused.";
    case "invalid_multipart": return "The upload was cut short. Try again.";
    case "too_many_attachments": return "That is too many files for one message.";
    case "invalid_attachments": return "The files expired or were already sent. Attach them again.";
    case "not_allowed": return "Files cannot be sent from this page.";
    case "conversation_not_found": return "This conversation is no longer available to you.";
    case "unauthenticated": return "You are signed out. Sign in again to send files.";
    default: break;
  }
  if (error.status === 401) return "You are signed out. Sign in again to send files.";
  if (error.status === 413) return "This file is too large to send.";
  if (error.status >= 500 || error.status === 429) return "The chat server is busy. Try again in a moment.";
  return "The file could not be sent.";
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
.chat { position: relative; }
.attachments { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
.bubble > .attachments:first-child { margin-top: 0; }
button.image-link { display: block; padding: 0; border: none; background: none; border-radius: 8px; cursor: zoom-in; line-height: 0; max-width: 100%; }
img.preview { display: block; max-width: 100%; height: auto; border-radius: 8px; background: var(--bst-chat-border); }
img.preview:not([width]) { max-width: ${PREVIEW_BOX_PX}px; max-height: ${PREVIEW_BOX_PX}px; }
a.file { display: inline-block; padding: 4px 8px; border: 1px solid var(--bst-chat-border); border-radius: 8px; background: var(--bst-chat-bg);
  color: var(--bst-chat-accent); text-decoration: none; overflow-wrap: anywhere; }
a.file:hover { text-decoration: underline; }
a:focus-visible, button.image-link:focus-visible { outline: 2px solid var(--bst-chat-accent); outline-offset: 2px; }
ul.uploads { list-style: none; margin: 0; padding: 6px 8px 0; display: flex; flex-direction: column; gap: 4px; border-top: 1px solid var(--bst-chat-border); }
li.upload { display: flex; align-items: center; gap: 8px; font-size: 13px; min-width: 0; }
.upload-name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
li.upload progress { width: 96px; accent-color: var(--bst-chat-accent); }
.upload-status { color: var(--bst-chat-muted); }
li.upload.failed .upload-status { color: var(--bst-chat-danger); }
img.upload-thumb { width: 32px; height: 32px; object-fit: cover; border-radius: 4px; }
form.composer button.attach { background: var(--bst-chat-bg); color: var(--bst-chat-fg); border-color: var(--bst-chat-border); padding: 4px 10px; }
.drop-hint { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; pointer-events: none;
  background: var(--bst-chat-bg); opacity: 0.92; border: 2px dashed var(--bst-chat-accent); border-radius: var(--bst-chat-radius);
  color: var(--bst-chat-accent); font-weight: 600; }
dialog.lightbox { padding: 0; border: none; background: transparent; max-width: 96vw; max-height: 96vh; overflow: visible; color: #fff; }
dialog.lightbox::backdrop { background: rgb(0 0 0 / 0.82); }
.lightbox-image { display: block; max-width: 96vw; max-height: calc(96vh - 40px); width: auto; height: auto; margin: 0 auto; cursor: zoom-out; }
.lightbox-caption { margin: 6px 0 0; font-size: 13px; text-align: center; overflow-wrap: anywhere; }
.lightbox-close { position: fixed; top: 12px; right: 12px; font-size: 14px; padding: 4px 12px; }
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
  <ul class="uploads" part="uploads" aria-label="Files to send" hidden></ul>
  <form class="composer" part="composer">
    <button type="button" class="attach" aria-label="Attach files" title="Attach files">Attach</button>
    <input class="file-input" type="file" multiple hidden>
    <label class="sr-only" for="composer-input">Message</label>
    <textarea id="composer-input" dir="auto" rows="2" placeholder="Write a message…" enterkeyhint="send"></textarea>
    <button type="submit" class="send">Send</button>
  </form>
  <div class="drop-hint" hidden>Drop files to attach them</div>
</div>
<dialog class="lightbox" part="lightbox">
  <p class="lightbox-caption"></p>
  <button type="button" class="lightbox-close" aria-label="Close image">Close</button>
</dialog>`;

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
  /** Files being uploaded or uploaded for the next send: {file, state, controller, answer, error, li, done, claimed}. */
  #uploads = [];
  /** Sends run one after another, so a message waiting for its uploads keeps its place. */
  #sends = Promise.resolve();
  #dragDepth = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.innerHTML = TEMPLATE;
    adoptStyle(this.#root, STYLE);
    for (const name of ["banner", "scroller", "sentinel", "history", "messages", "typing", "announcer", "error", "composer", "uploads",
      "attach", "file-input", "drop-hint", "lightbox", "lightbox-caption"]) {
      this.#ui[name.replace(/-(.)/g, (_, c) => c.toUpperCase())] = this.#root.querySelector(`.${name}`);
    }
    this.#ui.input = this.#root.querySelector("textarea");
    this.#listenForFiles();
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
    for (const upload of this.#uploads) upload.controller.abort();
    this.#uploads = [];
    this.#ui.uploads.replaceChildren();
    this.#ui.uploads.hidden = true;
    if (this.#ui.lightbox.open) this.#ui.lightbox.close();
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
      const said = message.text || !message.attachments?.length ? [userText(message.text)] : attachmentSummary(message.attachments);
      setLine(this.#ui.announcer, [userText(message.senderName), ": ", ...said]);
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
      // A message of files only has no text to show.
      if (message.text || !message.attachments?.length) bubble.append(isolated("p", "text", message.text));
      if (message.attachments?.length) bubble.append(this.#renderAttachments(message.attachments));
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
    }
    // Its buttons and links (Edit, Delete, pictures, downloads) are reached through the message.
    setButtonsTabbable(li, false);
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

  /**
   * Sends the text with the files uploaded (or uploading) for it. A message whose files are still
   * uploading waits for them, and later messages wait behind it, so they arrive in the order
   * written. If one of its files fails, nothing is sent: the text goes back to the composer.
   */
  #submit() {
    const chat = this.#chat;
    const text = this.#ui.input.value;
    const files = this.#uploads.filter(u => !u.claimed && (u.state === "uploading" || u.state === "ready"));
    if (!chat || (!text.trim() && files.length === 0)) return;
    this.#ui.input.value = "";
    for (const upload of files) {
      upload.claimed = true;
      this.#renderUploadState(upload);
    }
    this.#sends = this.#sends.then(async () => {
      await Promise.all(files.map(u => u.done));
      if (chat !== this.#chat) return;
      const failed = files.filter(u => u.state === "failed");
      const ready = files.filter(u => u.state === "ready");
      if (failed.length > 0 || (!text.trim() && ready.length === 0)) {
        for (const upload of ready) { upload.claimed = false; this.#renderUploadState(upload); }
        if (text && !this.#ui.input.value) this.#ui.input.value = text;
        if (failed.length > 0) this.#showError("Not sent: a file could not be uploaded.");
        return;
      }
      const answers = ready.map(u => u.answer);
      for (const upload of ready) this.#removeUpload(upload);
      // Failures show on the message itself (pending, failed with Retry), not as a rejected promise.
      chat.send(text, { attachments: answers }).catch(() => {});
      this.#scrollToBottom();
    });
    this.#scrollToBottom();
  }

  // --- files ----------------------------------------------------------------------------------

  /** The three ways in: the attach button's file picker, a paste into the composer, a drop onto the widget. */
  #listenForFiles() {
    const { attach, fileInput, input } = this.#ui;
    attach.addEventListener("click", () => fileInput.click());
    fileInput.addEventListener("change", () => {
      this.#addFiles(fileInput.files);
      // Cleared, so picking the same file again is a change too.
      fileInput.value = "";
    });
    input.addEventListener("paste", e => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (files.length === 0) return;
      // A copied image often comes with text (its address, or markup): the image is what was meant.
      if (!e.clipboardData.types.includes("text/plain")) e.preventDefault();
      this.#addFiles(files);
    });
    const carriesFiles = e => e.dataTransfer?.types.includes("Files") && this.#canAttach();
    this.addEventListener("dragenter", e => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      this.#dragDepth++;
      this.#ui.dropHint.hidden = false;
    });
    this.addEventListener("dragover", e => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    });
    this.addEventListener("dragleave", () => {
      this.#dragDepth = Math.max(0, this.#dragDepth - 1);
      if (this.#dragDepth === 0) this.#ui.dropHint.hidden = true;
    });
    this.addEventListener("drop", e => {
      this.#dragDepth = 0;
      this.#ui.dropHint.hidden = true;
      if (!carriesFiles(e)) return;
      e.preventDefault();
      this.#addFiles(e.dataTransfer.files);
    });
    const box = this.#ui.lightbox;
    // Any click closes it, the picture and the backdrop included; Esc closes it as any modal dialog.
    box.addEventListener("click", () => box.close());
    // The picture exists only while it is shown: a widget with no files open holds no <img>.
    box.addEventListener("close", () => box.querySelector("img.lightbox-image")?.remove());
  }

  #canAttach() {
    return Boolean(this.#chat) && !this.#removed && !this.#ui.input.disabled;
  }

  /** Starts uploading each file at once: by the time the message is written, they are usually there. */
  #addFiles(fileList) {
    const chat = this.#chat;
    if (!this.#canAttach()) return;
    for (const file of [...fileList]) {
      const upload = { file, state: "uploading", controller: new AbortController(), answer: null, error: null, li: null, claimed: false, done: null };
      upload.li = this.#renderUpload(upload);
      this.#uploads.push(upload);
      this.#ui.uploads.append(upload.li);
      this.#ui.uploads.hidden = false;
      upload.done = chat.uploadFile(file, { signal: upload.controller.signal, onProgress: p => this.#showProgress(upload, p) })
        .then(answer => {
          upload.state = "ready";
          upload.answer = answer;
        }, error => {
          if (error?.name === "AbortError") {
            upload.state = "cancelled";
            this.#removeUpload(upload);
            return;
          }
          upload.state = "failed";
          upload.error = uploadErrorText(error);
          this.#ui.announcer.textContent = `${file.name}: ${upload.error}`;
        })
        .finally(() => this.#renderUploadState(upload));
    }
  }

  #renderUpload(upload) {
    const li = el("li", "upload");
    const name = el("span", "upload-name");
    setLine(name, fileLine({ name: upload.file.name, size: upload.file.size }));
    const progress = document.createElement("progress");
    progress.max = 1;
    progress.value = 0;
    progress.setAttribute("aria-label", `Uploading ${upload.file.name}`);
    li.append(name, progress, el("span", "upload-status", "Uploading…"), el("button", "upload-action"));
    const action = li.querySelector(".upload-action");
    action.type = "button";
    action.addEventListener("click", () => {
      if (upload.state === "uploading") upload.controller.abort();
      else this.#removeUpload(upload);
    });
    this.#renderUploadState(upload, li);
    return li;
  }

  #showProgress(upload, progress) {
    if (upload.state !== "uploading") return;
    const fraction = progress.total > 0 ? Math.min(1, progress.loaded / progress.total) : 0;
    upload.li.querySelector("progress").value = fraction;
    if (!upload.claimed) upload.li.querySelector(".upload-status").textContent = uploadProgressText(progress);
  }

  /** The item's progress bar, words and button for its state. */
  #renderUploadState(upload, li = upload.li) {
    if (!li) return;
    const name = upload.file.name;
    li.className = `upload ${upload.state}`;
    li.dataset.state = upload.state;
    const progress = li.querySelector("progress");
    progress.hidden = upload.state !== "uploading";
    const status = li.querySelector(".upload-status");
    const action = li.querySelector(".upload-action");
    if (upload.state === "uploading") {
      if (upload.claimed) status.textContent = "Sending when uploaded…";
      action.textContent = "Cancel";
      action.setAttribute("aria-label", `Cancel upload of ${name}`);
    } else if (upload.state === "ready") {
      status.textContent = upload.claimed ? "Sending…" : "Ready to send";
      action.textContent = "Remove";
      action.setAttribute("aria-label", `Remove ${name}`);
      if (isShownImage(upload.answer) && !li.querySelector("img")) {
        // The server's copy, not a blob: URL, which a strict img-src would refuse.
        const thumb = el("img", "upload-thumb");
        thumb.alt = "";
        thumb.src = upload.answer.thumbnailUrl ?? upload.answer.url;
        li.prepend(thumb);
      }
    } else if (upload.state === "failed") {
      status.textContent = upload.error;
      status.setAttribute("role", "alert");
      action.textContent = "Dismiss";
      action.setAttribute("aria-label", `Dismiss ${name}`);
    }
  }

  /** Takes an item off the list; an uploaded file never sent is deleted by the server after a while. */
  #removeUpload(upload) {
    // Removed while its message waited for other uploads: it is not sent with it.
    if (upload.state === "ready") upload.state = "removed";
    const index = this.#uploads.indexOf(upload);
    if (index >= 0) this.#uploads.splice(index, 1);
    const hadFocus = upload.li.contains(this.#root.activeElement);
    upload.li.remove();
    this.#ui.uploads.hidden = this.#uploads.length === 0;
    if (hadFocus) this.#ui.input.focus();
  }

  /** A message's files: images as pictures that open full size, others as download links with their size. */
  #renderAttachments(attachments) {
    const box = el("div", "attachments");
    for (const attachment of attachments) {
      if (isShownImage(attachment)) {
        const open = el("button", "image-link");
        open.type = "button";
        open.setAttribute("aria-label", `Open image ${attachment.name}`);
        const img = el("img", "preview");
        img.alt = attachment.name;
        img.decoding = "async";
        img.loading = "lazy";
        const size = previewSize(attachment.width, attachment.height);
        if (size) {
          img.width = size.width;
          img.height = size.height;
        } else {
          // Of unknown size, it takes its space only once loaded: a reader at the bottom stays there.
          img.addEventListener("load", () => {
            const s = this.#ui.scroller;
            if (img.isConnected && s.scrollHeight - s.scrollTop - s.clientHeight - img.offsetHeight < PINNED_PX) this.#scrollToBottom();
          }, { once: true });
        }
        img.src = attachment.thumbnailUrl ?? attachment.url;
        open.append(img);
        open.addEventListener("click", () => this.#openLightbox(attachment));
        box.append(open);
      } else {
        const link = el("a", "file");
        link.href = attachment.url;
        link.download = attachment.name;
        link.title = `Download ${attachment.name}`;
        setLine(link, fileLine(attachment));
        box.append(link);
      }
    }
    return box;
  }

  /** The full image in a modal dialog: Esc, a click anywhere or Close closes it, and focus goes back to the picture. */
  #openLightbox(attachment) {
    const { lightbox, lightboxCaption } = this.#ui;
    lightbox.querySelector("img.lightbox-image")?.remove();
    const image = el("img", "lightbox-image");
    image.alt = attachment.name;
    if (attachment.width > 0 && attachment.height > 0) {
      image.width = attachment.width;
      image.height = attachment.height;
    }
    image.src = attachment.url;
    lightboxCaption.before(image);
    setLine(lightboxCaption, fileLine(attachment));
    lightbox.setAttribute("aria-label", attachment.name);
    lightbox.showModal();
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
      // With files, a refusal is about them more often than not: said in plain words.
      const why = entry.attachments?.length ? uploadErrorText(entry.error) : entry.error?.message;
      status.append(`Not sent${why ? `: ${why}` : ""} `,
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
    if (entry.text || !entry.attachments?.length) bubble.append(isolated("p", "text", entry.text));
    if (entry.attachments?.length) bubble.append(this.#renderAttachments(entry.attachments));
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
    for (const control of this.#ui.composer.querySelectorAll("textarea, button, input")) control.disabled = !enabled;
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

/** A message's buttons and links are tab stops only while focus is inside that message. */
function setButtonsTabbable(li, tabbable) {
  for (const b of li?.querySelectorAll("button, a[href]") ?? []) b.tabIndex = tabbable ? 0 : -1;
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
