// Keeps the lessons page's unread badges and previews current: polls the chat inbox every 5 s
// while the page is visible (every 30 s while hidden, at once when shown again).
import { watchInbox } from "/chat/bstchat.js";

const inbox = watchInbox({ baseUrl: "/chat", intervalMs: 5_000 });

inbox.addEventListener("inbox", e => {
  for (const conversation of e.detail.conversations) {
    const item = document.querySelector(`li[data-conversation="${CSS.escape(conversation.id)}"]`);
    if (!item) continue;
    const badge = item.querySelector("[data-unread]");
    badge.textContent = String(conversation.unreadCount);
    badge.setAttribute("aria-label", `${conversation.unreadCount} unread`);
    badge.hidden = conversation.unreadCount === 0;
    const last = conversation.lastMessage;
    item.querySelector("[data-preview]").textContent = !last ? "" : last.senderName ? `${last.senderName}: ${last.text}` : last.text;
  }
});
