// <bst-inbox>: the signed-in user's conversations, live, on top of watchInbox() in bstchat.js.
//
//   <script type="module" src="/chat/bstchat-inbox.js"></script>
//   <bst-inbox base-url="/chat" href-template="/lessons/{id}" current="lesson-1"></bst-inbox>
//
// Attributes: base-url (default "/chat"), href-template (each link, "{id}" replaced by the
// conversation's id, URL-encoded; default "#{id}"), current (the id shown as aria-current).
// Each conversation shows its title, an unread badge, its last message (or who is typing) and a
// presence dot for the other members. Everything comes from the shared user feed, so the list
// changes the moment a message arrives, with no polling. Clicking a conversation dispatches a
// cancelable "conversation-select" event ({id} in detail); cancel it to open the conversation in
// place rather than follow the link. Theming: the same CSS custom properties as <bst-chat>, and
// ::part(list), ::part(item), ::part(badge).
// User strings (titles, names, text) are set with textContent, each in its own dir="auto" isolate.

import { watchInbox } from "./bstchat.js";
import { requestJson } from "./bstchat-http.js";
import { THEME, el, isolated, setLine, adoptStyle, attachmentSummary } from "./bstchat-ui.js";

/** The link for a conversation: `template` with "{id}" replaced by the URL-encoded id. */
export function conversationHref(template, id) {
  return template.replaceAll("{id}", encodeURIComponent(id));
}

/**
 * The presence of a conversation's other members: {online: names online now, away: [{name,
 * lastSeenAt}] of the others}, or null when the server sends no presence (switched off) or
 * knows none of them.
 */
export function membersPresence(members, presence, meId) {
  if (!members || presence.length === 0) return null;
  const byUser = new Map(presence.map(p => [p.userId, p]));
  const others = members.filter(m => m.userId !== meId && byUser.has(m.userId));
  if (others.length === 0) return null;
  return {
    online: others.filter(m => byUser.get(m.userId).online).map(m => m.displayName),
    away: others.filter(m => !byUser.get(m.userId).online).map(m => ({ name: m.displayName, lastSeenAt: byUser.get(m.userId).lastSeenAt })),
  };
}

/** What a presence dot says to a screen reader: "Ben is online", "Ben and Chloe are online", "Offline". */
export function presenceLabel({ online }) {
  if (online.length === 0) return "Offline";
  if (online.length === 1) return `${online[0]} is online`;
  return `${online.slice(0, -1).join(", ")} and ${online.at(-1)} are online`;
}

/** The preview line: who is typing, else "Sender: text" of the last message (parts as in bstchat-element.js: strings, and user strings as {user}). */
export function previewLine(conversation, typing, meId) {
  const typists = typing.filter(t => t.conversationId === conversation.id && t.userId !== meId);
  if (typists.length === 1) return [{ user: typists[0].displayName }, " is typing…"];
  if (typists.length > 1) return [`${typists.length} people are typing…`];
  const last = conversation.lastMessage;
  if (!last) return ["No messages yet"];
  if (last.deletedAt) return ["Message deleted"];
  // A message of files only has no text: its files stand for it.
  const text = last.text || !last.attachments?.length ? [{ user: last.text }] : attachmentSummary(last.attachments);
  if (!last.senderId) return text;
  return [last.senderId === meId ? "You" : { user: last.senderName }, ": ", ...text];
}

const STYLE = `${THEME}
ul { list-style: none; margin: 0; padding: 0; background: var(--bst-chat-bg); border: 1px solid var(--bst-chat-border);
  border-radius: var(--bst-chat-radius); overflow: hidden; }
li + li { border-top: 1px solid var(--bst-chat-border); }
a { display: grid; grid-template-columns: auto 1fr auto; grid-template-areas: "dot title badge" "dot preview preview";
  column-gap: 8px; align-items: center; padding: 8px 12px; color: inherit; text-decoration: none; }
a:hover { background: color-mix(in srgb, var(--bst-chat-accent) 6%, transparent); }
a:focus-visible { outline: 2px solid var(--bst-chat-accent); outline-offset: -2px; }
a[aria-current] { background: color-mix(in srgb, var(--bst-chat-accent) 12%, transparent); }
.dot { grid-area: dot; width: 10px; height: 10px; border-radius: 50%; border: 2px solid var(--bst-chat-muted); }
.dot.online { background: var(--bst-chat-online); border-color: var(--bst-chat-online); }
.dot.none { visibility: hidden; }
.title { grid-area: title; font-weight: 600; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.badge { grid-area: badge; min-width: 1.5em; padding: 0 6px; border-radius: 999px; background: var(--bst-chat-accent);
  color: var(--bst-chat-accent-fg); font-size: 13px; text-align: center; }
.preview { grid-area: preview; font-size: 13px; color: var(--bst-chat-muted); min-width: 0; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
li.unread .title, li.unread .preview { color: var(--bst-chat-fg); }
.empty, .error { color: var(--bst-chat-muted); padding: 8px 12px; margin: 0; }
`;

const TEMPLATE = `
<ul part="list" aria-label="Conversations" aria-busy="true"></ul>
<p class="empty" hidden>No conversations yet.</p>
<p class="error" role="alert" hidden></p>`;

const Base = globalThis.HTMLElement ?? class {};

/** The <bst-inbox> element. */
export class BstInboxElement extends Base {
  static observedAttributes = ["base-url", "href-template", "current"];

  #root;
  #list;
  #watcher = null;
  #aborter = null;
  #openedWith = null;
  #snapshot = null;
  #me = null;
  #items = new Map();
  /** Each conversation's members, read once (GET /conversations/{id}) for the presence dots. */
  #members = new Map();
  #membersQueue = Promise.resolve();

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.innerHTML = TEMPLATE;
    adoptStyle(this.#root, STYLE);
    this.#list = this.#root.querySelector("ul");
    this.#list.addEventListener("click", e => this.#onClick(e));
  }

  connectedCallback() { this.#open(); }

  disconnectedCallback() { this.#shut(); }

  attributeChangedCallback(name) {
    if (!this.isConnected) return;
    if (name === "base-url") this.#open();
    else this.#render();
  }

  get #baseUrl() { return (this.getAttribute("base-url") ?? "/chat").replace(/\/$/, ""); }

  #open() {
    const baseUrl = this.#baseUrl;
    if (this.#watcher && baseUrl === this.#openedWith) return;
    this.#shut();
    this.#openedWith = baseUrl;
    const watcher = watchInbox({ baseUrl });
    this.#watcher = watcher;
    this.#aborter = new AbortController();
    watcher.addEventListener("inbox", e => {
      this.#snapshot = e.detail;
      this.#render();
      this.#readMembers(watcher, e.detail.conversations);
    });
    watcher.addEventListener("error", e => this.#showError(e.detail));
    this.#get("/me").then(me => {
      if (watcher !== this.#watcher) return;
      this.#me = me.userId;
      this.#render();
    }, () => {});
  }

  #shut() {
    this.#watcher?.close();
    this.#watcher = null;
    this.#aborter?.abort();
    this.#snapshot = null;
    this.#items.clear();
    this.#members.clear();
    this.#list.replaceChildren();
    this.#list.setAttribute("aria-busy", "true");
  }

  /** Reads the members of conversations not seen yet, one at a time: presence needs their names. */
  #readMembers(watcher, conversations) {
    for (const { id } of conversations) {
      if (this.#members.has(id)) continue;
      this.#members.set(id, null);
      this.#membersQueue = this.#membersQueue.then(async () => {
        if (watcher !== this.#watcher) return;
        try {
          const conversation = await this.#get(`/conversations/${encodeURIComponent(id)}`);
          if (watcher !== this.#watcher) return;
          this.#members.set(id, conversation.members);
          this.#render();
        } catch {
          // The dot stays blank; the list itself does not depend on it.
        }
      });
    }
  }

  #get(path) {
    return requestJson(globalThis.fetch.bind(globalThis), `${this.#baseUrl}${path}`, { signal: this.#aborter.signal });
  }

  #render() {
    const snapshot = this.#snapshot;
    if (!snapshot) return;
    this.#list.removeAttribute("aria-busy");
    this.#root.querySelector(".empty").hidden = snapshot.conversations.length > 0;
    const template = this.getAttribute("href-template") ?? "#{id}";
    const current = this.getAttribute("current");
    const seen = new Set();
    snapshot.conversations.forEach((conversation, index) => {
      seen.add(conversation.id);
      let item = this.#items.get(conversation.id);
      if (!item) {
        item = createItem();
        this.#items.set(conversation.id, item);
      }
      this.#fill(item, conversation, snapshot, template, current);
      if (this.#list.children[index] !== item.li) this.#list.insertBefore(item.li, this.#list.children[index] ?? null);
    });
    for (const [id, item] of this.#items) {
      if (seen.has(id)) continue;
      item.li.remove();
      this.#items.delete(id);
    }
  }

  #fill(item, conversation, snapshot, template, current) {
    const { li, link, dot, title, badge, preview } = item;
    li.dataset.conversation = conversation.id;
    li.classList.toggle("unread", conversation.unreadCount > 0);
    link.href = conversationHref(template, conversation.id);
    if (conversation.id === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
    title.textContent = conversation.title;
    badge.textContent = String(conversation.unreadCount);
    badge.setAttribute("aria-label", `${conversation.unreadCount} unread`);
    badge.hidden = conversation.unreadCount === 0;
    setLine(preview, previewLine(conversation, snapshot.typing, this.#me));
    const presence = membersPresence(this.#members.get(conversation.id), snapshot.presence, this.#me);
    dot.className = presence === null ? "dot none" : presence.online.length > 0 ? "dot online" : "dot";
    dot.dataset.presence = presence === null ? "unknown" : presence.online.length > 0 ? "online" : "offline";
    if (presence === null) {
      dot.removeAttribute("role");
      dot.removeAttribute("aria-label");
      dot.removeAttribute("title");
    } else {
      dot.setAttribute("role", "img");
      dot.setAttribute("aria-label", presenceLabel(presence));
      dot.title = [presenceLabel(presence), ...presence.away.filter(a => a.lastSeenAt)
        .map(a => `${a.name}: last seen ${new Date(a.lastSeenAt).toLocaleString()}`)].join("\n");
    }
  }

  #onClick(e) {
    const link = e.target.closest("a");
    if (!link || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const id = link.closest("li").dataset.conversation;
    const select = new CustomEvent("conversation-select", { detail: { id }, cancelable: true, bubbles: true, composed: true });
    if (!this.dispatchEvent(select)) e.preventDefault();
  }

  #showError(error) {
    const node = this.#root.querySelector(".error");
    node.textContent = `Could not update the conversations: ${error?.message ?? error}`;
    node.hidden = false;
    // Cleared by the next good answer.
    this.#watcher?.addEventListener("inbox", () => { node.hidden = true; }, { once: true });
  }
}

function createItem() {
  const li = document.createElement("li");
  li.setAttribute("part", "item");
  const link = document.createElement("a");
  const dot = el("span", "dot");
  const title = isolated("bdi", "title");
  const badge = el("span", "badge");
  badge.setAttribute("part", "badge");
  const preview = el("span", "preview");
  link.append(dot, title, badge, preview);
  li.append(link);
  return { li, link, dot, title, badge, preview };
}

if (globalThis.customElements && !customElements.get("bst-inbox")) {
  customElements.define("bst-inbox", BstInboxElement);
}
