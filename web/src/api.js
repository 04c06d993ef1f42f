// api.js - the only way the pages talk to the server: the public JSON API
// at /api/v1, the same routes a script uses. A session cookie signs the
// requests in; a change carries the session's CSRF token (from GET
// /api/v1/me), an If-Match when the caller has an ETag, and an
// Idempotency-Key so a retried POST never does its work twice.
import { signal } from "@preact/signals";

/** The signed-in user (GET /api/v1/me): user (the name), role, person, person_id, csrf, today. */
export const me = signal(null);

/** An answer that was not 2xx, with the problem document the server sent. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  /**
   * The field the problem is about, if any: the server names it in `parameter`, a JSON
   * pointer for a body member ("/date", "/owners/sales") or a query parameter's name.
   * Answers the path without its leading slash ("date", "owners/sales").
   */
  get field() {
    const p = this.problem.parameter;
    if (typeof p !== "string" || !p) return null;
    return p.startsWith("/") ? p.slice(1) || null : p;
  }
}

function query(q) {
  if (!q) return "";
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== "") s.append(k, String(v));
  const t = s.toString();
  return t ? `?${t}` : "";
}

let keyCounter = 0;
function idempotencyKey() {
  const r = new Uint8Array(12);
  crypto.getRandomValues(r);
  return `ui-${Date.now().toString(36)}-${++keyCounter}-${Array.from(r, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * One request. opts: query (object), body (JSON value, or a string or a Blob
 * such as a File sent as opts.type), etag (sent as If-Match), accept. Resolves to { status, data,
 * etag, headers }; rejects with ApiError. A 401 goes to the sign-in page.
 */
export async function request(method, path, opts = {}) {
  const headers = { Accept: opts.accept || "application/json" };
  let body;
  if (opts.body !== undefined) {
    if (typeof opts.body === "string" || opts.body instanceof Blob) {
      body = opts.body;
      headers["Content-Type"] = opts.type || "text/plain; charset=utf-8";
    } else {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
  }
  if (method !== "GET" && method !== "HEAD") {
    if (me.value && me.value.csrf) headers["X-CSRF-Token"] = me.value.csrf;
    if (method === "POST") headers["Idempotency-Key"] = idempotencyKey();
  }
  if (opts.etag) headers["If-Match"] = opts.etag;
  let res;
  try {
    res = await fetch(`/api/v1${path}${query(opts.query)}`, { method, headers, body, credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, { title: "The server cannot be reached", detail: "The server cannot be reached: check the connection and try again." });
  }
  const type = res.headers.get("Content-Type") || "";
  let data = null;
  if (res.status !== 204) data = type.includes("json") ? await res.json().catch(() => null) : await res.text();
  if (res.status === 401 && path !== "/me/password") {
    location.assign(`/login`);
    throw new ApiError(401, data);
  }
  if (!res.ok) throw new ApiError(res.status, typeof data === "object" ? data : { detail: String(data || "") });
  return { status: res.status, data, etag: res.headers.get("ETag"), headers: res.headers };
}

/**
 * The ETag the server gives a task of this version (src/http/reply.c, tm_call_etag): what a change
 * sends as If-Match when the task came in a list, which carries no ETag of its own.
 */
export const taskEtag = (t) => `"task-${t.id}-v${t.version}"`;

/** GET a JSON resource's body. */
export const get = (path, q) => request("GET", path, { query: q }).then((r) => r.data);

/** Who is signed in; loads the CSRF token the changes need. */
export async function loadMe() {
  me.value = await get("/me");
  return me.value;
}

/** May the signed-in user change things (editor or admin)? */
export const canEdit = () => !!me.value && (me.value.role === "editor" || me.value.role === "admin");
/** Is the signed-in user an admin? */
export const isAdmin = () => !!me.value && me.value.role === "admin";

let openapi = null;
/** A schema of the served OpenAPI document (its input schemas come from the server's input descriptions). */
export async function schema(name) {
  if (!openapi) openapi = get("/openapi.json");
  const doc = await openapi;
  return doc.components.schemas[name];
}
