// launch/data.js - what the launch room and the delay page both read: the
// launch with its ETag, and the workspace's working-day calendar. Kept apart
// from the pages so that each page's own bundle holds only its own code.
import { get, request } from "../api.js";
import { calendar } from "./workdays.js";

/** GET /launches/{id} with its ETag (the If-Match of a delay or a brief). */
export async function loadLaunch(id) {
  const r = await request("GET", `/launches/${encodeURIComponent(id)}`);
  return { ...r.data, etag: r.etag };
}

/** The workspace holidays as a working-day calendar (the countdown and the Gantt's columns count working days). */
export async function loadCalendar() {
  return calendar(await get("/holidays"));
}
