// What the widgets (<bst-chat>, <bst-inbox>) share: the theme's custom properties, adopted
// styles, and the one way user strings reach the page.

/** The custom properties both widgets are themed with, and their defaults; each widget's own rules follow. */
export const THEME = `
:host {
  --bst-chat-font: system-ui, sans-serif;
  --bst-chat-bg: #fff;
  --bst-chat-fg: #1c1c1e;
  --bst-chat-muted: #6b6b70;
  --bst-chat-border: #d9d9de;
  --bst-chat-accent: #2f6fde;
  --bst-chat-accent-fg: #fff;
  --bst-chat-own-bg: #dbe8ff;
  --bst-chat-other-bg: #f0f0f3;
  --bst-chat-danger: #b3261e;
  --bst-chat-online: #1f9d55;
  --bst-chat-radius: 12px;
  --bst-chat-height: 480px;
  display: block;
  font: 15px/1.4 var(--bst-chat-font);
  color: var(--bst-chat-fg);
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
bdi, [dir="auto"] { unicode-bidi: isolate; }
`;

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An element holding a user's string: its direction comes from its own text and stays inside it. */
export function isolated(tag, className, text) {
  const node = el(tag, className, text);
  node.dir = "auto";
  return node;
}

/** Fills `node` with a line's parts: the widget's words as text, each user string (`{ user }`) isolated. */
export function setLine(node, parts) {
  node.replaceChildren(...parts.map(part => typeof part === "string" ? part : isolated("bdi", "", part.user)));
}

/** One constructed sheet per style text, shared by every widget using it. */
const sheets = new Map();

/**
 * Styles a shadow root with a constructed sheet, so the widgets run under a
 * Content-Security-Policy without 'unsafe-inline'; browsers without them get a <style> element.
 */
export function adoptStyle(root, css) {
  if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    root.adoptedStyleSheets = [sheet];
    return;
  }
  root.prepend(el("style", "", css));
}

/** The image types the server shows inline (everything else it serves as a download): shown as pictures. */
const SHOWN_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** Whether an attachment is an image the widget shows as a picture. */
export function isShownImage(attachment) {
  return SHOWN_IMAGE_TYPES.has(attachment?.contentType);
}

/** A file size for people: "800 bytes", "1.2 KB", "14 KB", "1.2 MB" (steps of 1024, as file managers count). */
export function formatSize(bytes) {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  // 1023.96 KB rounds to "1024 KB"; that is 1 MB.
  while (unit < units.length - 1 && Math.round(value) >= 1024) { value /= 1024; unit++; }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown} ${units[unit]}`;
}

/** What a message's files are, as parts like setLine's, for where its text would be and it has none: the one file's name, or "3 files". */
export function attachmentSummary(attachments) {
  if (!attachments?.length) return [];
  if (attachments.length === 1) return [{ user: attachments[0].name }];
  return [attachments.every(isShownImage) ? `${attachments.length} images` : `${attachments.length} files`];
}
