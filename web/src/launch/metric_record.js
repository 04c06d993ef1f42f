// launch/metric_record.js - the form that records a value of a metric
// (POST /metrics/{id}/observations): the value as typed (the server reads
// it as the command line does, and refuses NaN, inf, 1e400 or "12abc"
// naming the field), the day it was measured (today unless changed, never
// in the future) and a note. A refusal is shown under the field it names,
// with focus moved there; the hints are the server's ObservationInput schema.
import { useRef, useState } from "preact/hooks";
import { request } from "../api.js";
import { html, today, announce, ErrorBox } from "../ui.js";
import { useSchema } from "../settings/forms.js";
import { fmtValue, statusLabel } from "./metric_text.js";

const FIELDS = ["value", "on", "note"];

/** The field a refusal is about, whatever the body's shape ("/value", "/0/value", "/observations/0/on"). */
function fieldOf(error) {
  const p = error && error.problem && error.problem.parameter;
  if (typeof p !== "string") return null;
  const last = p.split("/").filter(Boolean).pop();
  return FIELDS.includes(last) ? last : null;
}

export function RecordValue({ metric: m, onRecorded }) {
  const s = useSchema("ObservationInput");
  const props = (s && s.properties) || {};
  const [values, setValues] = useState({ value: "", on: today(), note: "" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const id = (f) => `rec-${m.id}-${f}`;
  const field = fieldOf(error);
  const set = (f) => (e) => setValues((v) => ({ ...v, [f]: e.target.value }));

  async function send(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { value: values.value.trim(), on: values.on || undefined };
    if (values.note.trim()) body.note = values.note.trim();
    try {
      const r = await request("POST", `/metrics/${m.id}/observations`, { body });
      const d = r.data || {};
      const added = Array.isArray(d.observations) ? d.observations : Array.isArray(d) ? d : [d];
      const after = d.metric || null;
      setValues({ value: "", on: values.on, note: "" });
      onRecorded(after, added);
      announce(`Recorded ${fmtValue(added.length ? added[0].value : Number(body.value), m.unit)} for ${m.name}` +
        (after ? `: ${statusLabel(after.status).toLowerCase()}` : ""));
    } catch (err) {
      setError(err);
      const f = fieldOf(err);
      announce(`Not recorded: ${err.message}`, "error");
      requestAnimationFrame(() => {
        const el = form.current && form.current.querySelector(`#${id(f || "value")}`);
        if (el) el.focus();
      });
    } finally {
      setBusy(false);
    }
  }

  const describe = (f) => [props[f] && props[f].description ? `${id(f)}-hint` : null,
    field === f ? `${id(f)}-err` : null].filter(Boolean).join(" ") || undefined;
  const err = (f) => (field === f ? html`<span class="field-error" id=${`${id(f)}-err`}>${error.message}</span>` : null);
  const hint = (f) => (props[f] && props[f].description
    ? html`<span class="hint" id=${`${id(f)}-hint`}>${props[f].description}</span>` : null);
  return html`<form class="record" ref=${form} onSubmit=${send} novalidate aria-labelledby=${`rec-${m.id}-h`}>
    <h4 id=${`rec-${m.id}-h`}>Record a value of ${m.name}</h4>
    <div class="record-fields">
      <div class="field rec-value">
        <label for=${id("value")}>Value${m.unit === "count" ? "" : ` (${m.unit})`}</label>
        <input id=${id("value")} name="value" inputmode="decimal" autocomplete="off" required value=${values.value}
          aria-invalid=${field === "value" ? "true" : undefined} aria-describedby=${describe("value")} onInput=${set("value")} />
        ${err("value")}
      </div>
      <div class="field rec-on">
        <label for=${id("on")}>Measured on</label>
        <input id=${id("on")} name="on" type="date" max=${today()} value=${values.on}
          aria-invalid=${field === "on" ? "true" : undefined} aria-describedby=${describe("on")} onInput=${set("on")} />
        ${err("on")}
      </div>
      <div class="field rec-note">
        <label for=${id("note")}>Note <span class="muted">(optional)</span></label>
        <input id=${id("note")} name="note" maxlength=${props.note && props.note.maxLength} value=${values.note}
          aria-invalid=${field === "note" ? "true" : undefined} aria-describedby=${describe("note")} onInput=${set("note")} />
        ${err("note")}
      </div>
    </div>
    <details class="rec-hints"><summary>What to enter</summary>${FIELDS.map((f) => hint(f))}</details>
    ${error && !field ? html`<${ErrorBox} error=${error} />` : null}
    <button type="submit" disabled=${busy}>${busy ? "Recording…" : "Record value"}</button>
  </form>`;
}
