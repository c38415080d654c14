// The browser's one way to call the app's API: JSON in (or a text document such as YAML, with its
// content type), JSON out, same-origin cookies, and an ApiError carrying the server's message
// (which the UI shows as it is: the server words its errors for people) and its details.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    /** The error's `details` (e.g. the breaking changes of a refused schema), as the server sent them. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Options = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, instead of `body` (a document the server parses itself). */
  text?: { content: string; contentType: string };
  signal?: AbortSignal;
  /** Extra request headers (e.g. If-Match for a versioned write). */
  headers?: Record<string, string>;
};

export async function apiFetch<T = unknown>(path: string, opts: Options = {}): Promise<T> {
  const json = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const res = await fetch(path, {
    method: opts.method ?? "GET",
    credentials: "same-origin",
    cache: "no-store", // live data: never answered from the browser's cache
    headers: {
      ...opts.headers,
      ...(opts.text
        ? { "content-type": opts.text.contentType }
        : json === undefined
          ? {}
          : { "content-type": "application/json" }),
    },
    body: opts.text ? opts.text.content : json,
    signal: opts.signal,
  });
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)
      ?.error;
    // The auth library answers { code, message } without the wrapper.
    const flat = data as { code?: string; message?: string } | undefined;
    const message = err?.message ?? flat?.message ?? `the server answered ${res.status} ${res.statusText}`;
    const retry = Number(res.headers.get("retry-after"));
    throw new ApiError(
      res.status,
      err?.code ?? flat?.code ?? "http_error",
      message,
      retry > 0 ? retry : undefined,
      err?.details,
    );
  }
  return data as T;
}
