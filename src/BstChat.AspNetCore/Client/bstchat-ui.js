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
