// The browser's one way to call the app's API: JSON in, JSON out, same-origin cookies, and an
// ApiError carrying the server's message (which the UI shows as it is: the server words its errors
// for people).
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Options = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; signal?: AbortSignal };

export async function apiFetch<T = unknown>(path: string, opts: Options = {}): Promise<T> {
  const res = await fetch(path, {
    method: opts.method ?? "GET",
    credentials: "same-origin",
    cache: "no-store", // live data: never answered from the browser's cache
    headers: opts.body === undefined ? undefined : { "content-type": "application/json" },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
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
    const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
    // The auth library answers { code, message } without the wrapper.
    const flat = data as { code?: string; message?: string } | undefined;
    const message = err?.message ?? flat?.message ?? `the server answered ${res.status} ${res.statusText}`;
    const retry = Number(res.headers.get("retry-after"));
    throw new ApiError(
      res.status,
      err?.code ?? flat?.code ?? "http_error",
      message,
      retry > 0 ? retry : undefined,
    );
  }
  return data as T;
}
