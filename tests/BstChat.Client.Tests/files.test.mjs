import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, SharedFeed, HttpError, uploadFile, textBesideFiles, attachmentIds } from "../../src/BstChat.AspNetCore/Client/bstchat.js";
import {
  formatSize, previewSize, fileLine, uploadErrorText, uploadProgressText, isShownImage, attachmentSummary,
} from "../../src/BstChat.AspNetCore/Client/bstchat-element.js";
import { previewLine } from "../../src/BstChat.AspNetCore/Client/bstchat-inbox.js";
import { FakeChatServer, collect } from "./fake-chat-server.mjs";

const plain = parts => parts.map(p => typeof p === "string" ? p : p.user).join("");

function open(server, Xhr) {
  const feed = new SharedFeed({ baseUrl: "/chat", mode: "poll", fetch: server.fetch, locks: null });
  return connect({ baseUrl: "/chat", conversationId: server.conversationId, fetch: server.fetch, XMLHttpRequest: Xhr, feed, mode: "poll" });
}

const file = (name, size, type = "application/pdf") => new File([new Uint8Array(size)], name, { type });

// --- words and sizes ------------------------------------------------------------------------------

test("sizes read as people count them: bytes, then KB, MB and GB in steps of 1024", () => {
  assert.equal(formatSize(0), "0 bytes");
  assert.equal(formatSize(1), "1 byte");
  assert.equal(formatSize(1023), "1023 bytes");
  assert.equal(formatSize(1024), "1 KB");
  assert.equal(formatSize(1536), "1.5 KB");
  assert.equal(formatSize(14 * 1024 + 300), "14 KB");
  assert.equal(formatSize(1024 * 1024 - 1), "1 MB", "1023.999 KB is not shown as 1024 KB");
  assert.equal(formatSize(1.2 * 1024 * 1024), "1.2 MB");
  assert.equal(formatSize(10 * 1024 * 1024), "10 MB");
  assert.equal(formatSize(3 * 1024 ** 3), "3 GB");
  assert.equal(formatSize(undefined), "");
});

test("a file reads as its name and size, the name kept apart as the user's string", () => {
  assert.deepEqual(fileLine({ name: "worksheet.pdf", size: 1.2 * 1024 * 1024 }), [{ user: "worksheet.pdf" }, " · 1.2 MB"]);
  assert.equal(plain(fileLine({ name: "notes.txt", size: 12 })), "notes.txt · 12 bytes");
});

test("an image preview is scaled down into its box, keeping its shape, and never up", () => {
  assert.deepEqual(previewSize(300, 200), { width: 240, height: 160 });
  assert.deepEqual(previewSize(200, 1000), { width: 48, height: 240 });
  assert.deepEqual(previewSize(40, 30), { width: 40, height: 30 });
  assert.deepEqual(previewSize(5000, 1), { width: 240, height: 1 });
  assert.equal(previewSize(null, null), null);
  assert.equal(previewSize(0, 10), null);
});

test("only the image types the server shows inline are shown as pictures", () => {
  for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp"]) assert.equal(isShownImage({ contentType: type }), true);
  for (const type of ["image/svg+xml", "text/html", "application/pdf", undefined]) assert.equal(isShownImage({ contentType: type }), false);
});

test("upload refusals are said in plain words, never as a status code", () => {
  const refusal = (status, code, detail, retryAfterMs = 0) => new HttpError(status, code ? { code, detail } : null, retryAfterMs);
  assert.equal(uploadErrorText(refusal(413, "file_too_large", "Files may be at most 10485760 bytes.")), "This file is larger than 10 MB.");
  assert.equal(uploadErrorText(refusal(413, "file_too_large", "something else")), "This file is too large to send.");
  assert.equal(uploadErrorText(refusal(415, "file_type_not_allowed", "Files of type text/html cannot be sent here.")), "Files of this type cannot be sent here.");
  assert.equal(uploadErrorText(refusal(400, "empty_file", "The file is empty.")), "This file is empty.");
  assert.equal(uploadErrorText(refusal(422, "invalid_image", "This image cannot be read (a chunk runs past the end); it was not stored.")),
    "This image could not be read. Try saving it again, or send another one.");
  assert.equal(uploadErrorText(refusal(429, "too_many_uploads", "Too many", 30_000)), "Too many files in a short time. Try again in 30 seconds.");
  assert.equal(uploadErrorText(refusal(429, "too_many_uploads", "Too many", 0)), "Too many files in a short time. Try again in a moment.");
  // Written for people by the server (quotas) or the host's scanner: passed on as they are.
  const quota = "Your files already take all the space you have; delete some messages with files to make room.";
  assert.equal(uploadErrorText(refusal(403, "file_quota_exceeded", quota)), quota);
  assert.equal(uploadErrorText(refusal(422, "file_refused", "This file looks like it carries a virus.")), "This file looks like it carries a virus.");
  assert.equal(uploadErrorText(refusal(422, "invalid_attachments", "x")), "The files expired or were already sent. Attach them again.");
  assert.equal(uploadErrorText(new TypeError("Failed to fetch")), "The upload stopped: the connection was lost. Try again.");
  for (const status of [413, 500, 503, 418, 401]) {
    const text = uploadErrorText(refusal(status, null, null));
    assert.doesNotMatch(text, /HTTP|\d{3}/, `${status} is said in words: ${text}`);
  }
});

test("upload progress reads as a whole percentage", () => {
  assert.equal(uploadProgressText({ loaded: 0, total: 100 }), "Uploading… 0%");
  assert.equal(uploadProgressText({ loaded: 425, total: 1000 }), "Uploading… 42%");
  assert.equal(uploadProgressText({ loaded: 1200, total: 1000 }), "Uploading… 100%");
  assert.equal(uploadProgressText({ loaded: 5, total: 0 }), "Uploading…");
});

test("a message of files only is summed up by its files where its text would be", () => {
  assert.deepEqual(attachmentSummary([{ name: "photo.png", contentType: "image/png" }]), [{ user: "photo.png" }]);
  assert.deepEqual(attachmentSummary([{ contentType: "image/png" }, { contentType: "image/jpeg" }]), ["2 images"]);
  assert.deepEqual(attachmentSummary([{ contentType: "image/png" }, { contentType: "application/pdf" }]), ["2 files"]);
  const last = { senderId: "ben", senderName: "Ben", text: "", attachments: [{ name: "worksheet.pdf", contentType: "application/pdf" }] };
  assert.equal(plain(previewLine({ id: "c1", lastMessage: last }, [], "anna")), "Ben: worksheet.pdf");
  assert.equal(plain(previewLine({ id: "c1", lastMessage: { ...last, text: "see page 2" } }, [], "anna")), "Ben: see page 2");
});

test("the text beside files is sent as it is, or empty when it has nothing visible", () => {
  assert.equal(textBesideFiles("  my homework "), "  my homework ");
  assert.equal(textBesideFiles(" \n "), "");
  assert.equal(textBesideFiles(undefined), "");
  assert.deepEqual(attachmentIds([{ fileId: "a" }, "b"]), ["a", "b"]);
});

// --- uploads --------------------------------------------------------------------------------------

test("an upload reports its progress and resolves to the server's answer", async () => {
  const server = new FakeChatServer();
  const seen = [];
  const answer = await uploadFile(server.XMLHttpRequest, `${server.base}/files`, file("worksheet.pdf", 1000), { onProgress: p => seen.push(p) });
  assert.equal(answer.name, "worksheet.pdf");
  assert.equal(answer.size, 1000);
  assert.deepEqual(seen.map(p => p.loaded), [250, 500, 750, 1000]);
  assert.ok(seen.every(p => p.total === 1000));
});

test("a refused upload rejects with the problem's code and its Retry-After", async () => {
  const server = new FakeChatServer();
  server.refuseUpload = () => ({ status: 429, body: { code: "too_many_uploads", detail: "Too many files uploaded; wait before the next." }, headers: { "Retry-After": "12" } });
  await assert.rejects(uploadFile(server.XMLHttpRequest, `${server.base}/files`, file("a.pdf", 10)), error =>
    error instanceof HttpError && error.status === 429 && error.code === "too_many_uploads" && error.retryAfterMs === 12_000);
});

test("an upload is cancelled by its signal, before or while it runs", async () => {
  const server = new FakeChatServer();
  const Xhr = server.XMLHttpRequest;
  const early = new AbortController();
  early.abort();
  await assert.rejects(uploadFile(Xhr, `${server.base}/files`, file("a.pdf", 10), { signal: early.signal }), { name: "AbortError" });

  const midway = new AbortController();
  const pending = uploadFile(Xhr, `${server.base}/files`, file("b.pdf", 100), { signal: midway.signal, onProgress: () => midway.abort() });
  await assert.rejects(pending, { name: "AbortError" });
  assert.equal(server.files.size, 0, "a cancelled upload stores nothing");
});

test("sendFiles uploads each file, then sends one message carrying them all", async t => {
  const server = new FakeChatServer();
  const chat = open(server, server.XMLHttpRequest);
  t.after(() => chat.close());
  const outbox = collect(chat, "outbox");
  await chat.ready;

  const progress = [];
  const sent = await chat.sendFiles([file("one.pdf", 100), file("two.png", 300, "image/png")], { text: "  ", onProgress: p => progress.push(p) });

  assert.deepEqual(sent.attachments.map(a => a.name), ["one.pdf", "two.png"]);
  const posts = server.requestsTo("POST", "/messages");
  assert.equal(posts.length, 1);
  assert.deepEqual(posts[0].body.attachments, [...server.files.keys()]);
  assert.equal(posts[0].body.text, "", "text with nothing visible goes as empty beside files");
  assert.ok(progress.every(p => p.total === 400));
  assert.deepEqual([...new Set(progress.map(p => p.index))], [0, 1]);
  assert.equal(progress.at(-1).loaded, 400);
  assert.ok(progress.every((p, i) => i === 0 || p.loaded >= progress[i - 1].loaded), "progress only moves forward");
  assert.deepEqual(outbox.map(e => [e.state, e.attachments.length]), [["pending", 2], ["sent", 2]]);
});

test("a refused upload in sendFiles sends nothing and says which file", async t => {
  const server = new FakeChatServer();
  server.refuseUpload = f => f.name.endsWith(".html") ? { status: 415, body: { code: "file_type_not_allowed", detail: "Files of type text/html cannot be sent here." } } : undefined;
  const chat = open(server, server.XMLHttpRequest);
  t.after(() => chat.close());
  await chat.ready;

  const page = file("page.html", 20, "text/html");
  await assert.rejects(chat.sendFiles([file("ok.pdf", 10), page], { text: "both" }), error => error.code === "file_type_not_allowed" && error.file === page);
  assert.equal(server.requestsTo("POST", "/messages").length, 0);
  assert.equal(server.messages.length, 0);
});

test("a send with attachments that the server refuses stays failed with its files, and a retry sends them again", async t => {
  const server = new FakeChatServer();
  const chat = open(server, server.XMLHttpRequest);
  t.after(() => chat.close());
  const outbox = collect(chat, "outbox");
  await chat.ready;

  const uploaded = await chat.uploadFile(file("sheet.pdf", 50));
  let refuse = true;
  server.intercept = request => request.method === "POST" && request.path.endsWith("/messages") && refuse
    ? new Response(JSON.stringify({ code: "invalid_attachments", detail: "x" }), { status: 422 })
    : undefined;
  await assert.rejects(chat.send("here", { attachments: [uploaded] }), { code: "invalid_attachments" });
  const failed = outbox.at(-1);
  assert.equal(failed.state, "failed");
  assert.deepEqual(failed.attachments, [uploaded]);

  refuse = false;
  const stored = await chat.retry(failed.clientMessageId);
  assert.deepEqual(stored.attachments.map(a => a.fileId), [uploaded.fileId]);
  const posts = server.requestsTo("POST", "/messages");
  assert.deepEqual(posts.map(p => p.body.attachments), [[uploaded.fileId], [uploaded.fileId]]);
});
