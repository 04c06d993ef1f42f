// launch/features.js - what the served API offers, read from its OpenAPI
// document, so a page asks only for what exists (an older server gets no
// request it would answer with 404, and never a "preview" it would execute).
import { get } from "../api.js";

let doc = null;
const openapi = () => (doc = doc || get("/openapi.json").catch(() => ({ paths: {} })));

/** Does the API have METHOD on PATH (OpenAPI spelling, without /api/v1)? */
export async function hasRoute(method, path) {
  const d = await openapi();
  const p = d.paths && d.paths[`/api/v1${path}`];
  return !!(p && p[method.toLowerCase()]);
}

/** Does METHOD PATH take the query parameter NAME? */
export async function hasParam(method, path, name) {
  const d = await openapi();
  const p = d.paths && d.paths[`/api/v1${path}`];
  const op = p && p[method.toLowerCase()];
  if (!op) return false;
  const params = [...(p.parameters || []), ...(op.parameters || [])].map((x) => {
    if (!x.$ref) return x;
    const name = x.$ref.split("/").pop();
    return (d.components && d.components.parameters && d.components.parameters[name]) || {};
  });
  return params.some((x) => x.name === name);
}
