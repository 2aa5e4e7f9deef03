// Plumbing shared by the browser client's modules: requests to the chat API, refusals, retries
// and pauses. No dependencies; bstchat.js re-exports what callers may need.

/** A request gets this long beyond its wait before it is treated as a network failure. */
export const REQUEST_TIMEOUT_MS = 15_000;

/** Delay before retry `attempt` (0-based): exponential from 500 ms, capped at 30 s, jittered over its upper half. */
export function backoffDelay(attempt, random = Math.random) {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Whether a failed request may succeed if sent again: the network, the server's own trouble, or a rate limit. */
export function isTransient(error) {
  // Anything but a refusal is the network (a TypeError from fetch, a TimeoutError), unless close() aborted it.
  if (!(error instanceof HttpError)) return error?.name !== "AbortError";
  return error.status >= 500 || error.status === 429 || error.status === 408;
}

/** A refusal from the server, with the problem details' stable `code`. */
export class HttpError extends Error {
  constructor(status, problem, retryAfterMs = 0) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.name = "HttpError";
    this.status = status;
    this.code = problem?.code ?? null;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Sends one request to the chat API and returns its JSON (null for 204); refusals throw HttpError. */
export async function requestJson(fetchImpl, url, { method = "GET", body, signal, timeoutMs = REQUEST_TIMEOUT_MS }) {
  // A request that outlives its timeout fails with a TimeoutError, retried like any network failure.
  const response = await fetchImpl(url, {
    method,
    body,
    headers: body === undefined ? { Accept: "application/json" } : { Accept: "application/json", "Content-Type": "application/json" },
    credentials: "same-origin",
    cache: "no-store",
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  if (response.status === 204) return null;
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("Retry-After"));
    throw new HttpError(response.status, payload, Number.isFinite(retryAfter) ? retryAfter * 1000 : 0);
  }
  return payload;
}

/** A pause that an abort signal cancels and wake() cuts short (tab shown again, network back). */
export class Sleeper {
  #wake = null;

  sleep(ms, signal) {
    if (ms <= 0 || signal.aborted) return Promise.resolve();
    return new Promise(resolve => {
      const done = () => { clearTimeout(timer); signal.removeEventListener("abort", done); this.#wake = null; resolve(); };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }

  wake() { this.#wake?.(); }
}

/** Retries `attempt` while it fails transiently, backing off between tries; anything else is thrown. */
export async function withRetries(attempt, { signal, sleeper = new Sleeper(), onFailure = () => {} }) {
  for (let failures = 0; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (signal.aborted || !isTransient(error)) throw error;
      onFailure(error);
      await sleeper.sleep(Math.max(backoffDelay(failures), error.retryAfterMs ?? 0), signal);
      if (signal.aborted) throw error;
    }
  }
}

export const isHidden = () => globalThis.document?.visibilityState === "hidden";

/**
 * Uploads one file as multipart/form-data (one part named "file") and returns the server's JSON
 * for it. XMLHttpRequest rather than fetch: only it reports upload progress, as
 * `onProgress({loaded, total})`. Sent by script with the page's cookies, as every other call;
 * `signal` aborts it (rejecting with an AbortError). Refusals throw HttpError; a failure of the
 * network throws a TypeError, as fetch would. No timeout: a large file on a slow link may take long.
 */
export function uploadFile(Xhr, url, file, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new DOMException("The upload was cancelled.", "AbortError"));
      return;
    }
    const xhr = new Xhr();
    const onAbort = () => xhr.abort();
    const settle = () => signal?.removeEventListener("abort", onAbort);
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "text";
    if (onProgress) {
      xhr.upload.addEventListener("progress", e => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size }));
    }
    xhr.addEventListener("load", () => {
      settle();
      let payload = null;
      try { payload = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { payload = null; }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(payload);
        return;
      }
      const retryAfter = Number(xhr.getResponseHeader("Retry-After"));
      reject(new HttpError(xhr.status, payload, Number.isFinite(retryAfter) ? retryAfter * 1000 : 0));
    });
    xhr.addEventListener("error", () => { settle(); reject(new TypeError("The upload failed on the network.")); });
    xhr.addEventListener("abort", () => { settle(); reject(signal?.reason ?? new DOMException("The upload was cancelled.", "AbortError")); });
    signal?.addEventListener("abort", onAbort, { once: true });
    const form = new FormData();
    form.append("file", file, file.name ?? "file");
    xhr.send(form);
  });
}
