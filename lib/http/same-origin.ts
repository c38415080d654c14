// CSRF defence for cookie-authenticated writes: a state-changing request must come from the app's
// own pages. Browsers send Origin on every cross-origin and every POST/PUT/PATCH/DELETE request,
// and Sec-Fetch-Site on all requests; a page on another site can set neither. Calls made with an
// API token carry no ambient credentials and are not checked here.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * True when the request is a same-origin write or not a write at all. The request's own origin
 * (from its Host, which the server has checked) counts, and any origin `isAppOrigin` accepts
 * (the app's PUBLIC_URL behind a proxy).
 */
export function isSameOriginRequest(
  req: Request,
  isAppOrigin: (origin: string) => boolean = () => false,
): boolean {
  if (isSafeMethod(req.method)) return true;
  const origin = req.headers.get("origin");
  if (origin && origin !== "null") {
    const own = new URL(req.url).origin;
    const o = origin.toLowerCase().replace(/\/$/, "");
    return o === own.toLowerCase() || isAppOrigin(o);
  }
  if (origin === "null") return false;
  return req.headers.get("sec-fetch-site") === "same-origin";
}
