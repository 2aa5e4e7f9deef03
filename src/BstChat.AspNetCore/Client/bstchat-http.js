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
