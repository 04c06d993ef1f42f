// lists.js - reading every page of a list: the API answers at
// most `limit` items and names the next page in a Link header (rel="next").
import { request } from "./api.js";

/** The path (relative to /api/v1) of the rel="next" link, or null. */
export function nextLink(headers) {
  const link = headers && headers.get("Link");
  if (!link) return null;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1].replace(/^(https?:\/\/[^/]+)?\/api\/v1/, "");
  }
  return null;
}

/** Every item of a list, following the next links (at most `pages` of them). */
export async function getAll(path, query, pages = 50) {
  let r = await request("GET", path, { query });
  const items = [...(r.data || [])];
  for (let next = nextLink(r.headers), n = 1; next && n < pages; next = nextLink(r.headers), n++) {
    r = await request("GET", next);
    items.push(...(r.data || []));
  }
  return items;
}


/** A launch slug as words, until its real name is known: "usage-based-billing" -> "Usage based billing". */
export const slugWords = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, " ") : "");
