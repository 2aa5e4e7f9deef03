// Keeps the lessons page's unread badges and previews current. watchInbox follows the user feed
// that one tab of the browser holds for all of them, so a badge changes the moment a message
// arrives, and this page polls nothing.
import { watchInbox } from "/chat/bstchat.js";

const inbox = watchInbox({ baseUrl: "/chat" });

inbox.addEventListener("inbox", e => {
  for (const conversation of e.detail.conversations) {
    const item = document.querySelector(`li[data-conversation="${CSS.escape(conversation.id)}"]`);
    if (!item) continue;
    const badge = item.querySelector("[data-unread]");
    badge.textContent = String(conversation.unreadCount);
    badge.setAttribute("aria-label", `${conversation.unreadCount} unread`);
    badge.hidden = conversation.unreadCount === 0;
    const last = conversation.lastMessage;
    const parts = !last ? [] : last.senderName ? [isolated(last.senderName), ": ", isolated(last.text)] : [isolated(last.text)];
    item.querySelector("[data-preview]").replaceChildren(...parts);
  }
});

/** A user's string as text in its own <bdi dir="auto">, so its direction cannot reorder what follows it. */
function isolated(text) {
  const bdi = document.createElement("bdi");
  bdi.dir = "auto";
  bdi.textContent = text;
  return bdi;
}
