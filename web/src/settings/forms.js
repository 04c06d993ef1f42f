// settings/forms.js - what the admin pages and the new-launch form share:
// forms built from the server's input schemas (one description per input,
// so a field's limits and hint are the server's own), the field a problem
// names, a remove button that asks first, and a secret shown only once.
import { useEffect, useRef, useState } from "preact/hooks";
import { schema, me } from "../api.js";
import { html, Field, CopyButton, announce } from "../ui.js";

/** The signed-in user's name (GET /me answers it as `user`). */
export const myName = () => (me.value && (me.value.user || me.value.name)) || "";

/** The schema named (e.g. "PersonInput") once loaded, else null; a missing one stays null. */
export function useSchema(name) {
  const [s, setS] = useState(null);
  useEffect(() => {
    let live = true;
    schema(name).then((x) => live && setS(x || {}), () => live && setS({}));
    return () => (live = false);
  }, [name]);
  return s;
}

/**
 * The field a problem is about, as a path without the leading slash
 * ("date", "owners/sales"), or null. The server names it in `parameter`
 * (a JSON pointer).
 */
export function problemField(error) {
  if (!error || !error.problem) return null;
  const p = error.problem;
  const ptr = p.parameter;
  return typeof ptr === "string" && ptr.startsWith("/") && ptr.length > 1 ? ptr.slice(1) : null;
}

/** Moves focus to the control named `name` inside form (after the error has been drawn). */
export function focusControl(form, name) {
  requestAnimationFrame(() => {
    const el = form && form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (el) {
      el.focus();
      if (el.scrollIntoView) el.scrollIntoView({ block: "center" });
    }
  });
}

/** "add_channel_tasks" -> "Add channel tasks" (labels where the page names none). */
export const humanize = (name) => {
  const s = String(name).replace(/[_-]+/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
};

/** A sentence from the server's lower-case description: "the day off" -> "The day off". */
export const cap = (s) => (s ? String(s).charAt(0).toUpperCase() + String(s).slice(1) : "");

/** The form's JSON body: only the fields given (an empty optional text is left out). */
export function bodyOf(values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== "") out[k] = v;
  return out;
}

/**
 * An add form for one input schema: a field per property (in the schema's
 * order; labels may rename some), a submit button, the server's refusal
 * shown by the field it names with focus moved there. onSubmit(body)
 * returns a promise; the form empties itself when it resolves.
 */
export function SchemaForm({ schemaName, labels = {}, initial = {}, submit, onSubmit, only, idPrefix }) {
  const s = useSchema(schemaName);
  const [values, setValues] = useState(initial);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  if (!s) return html`<p class="loading">Loading the form…</p>`;
  const props = s.properties || {};
  const names = (only || Object.keys(props)).filter((n) => props[n]);
  const required = new Set(s.required || []);
  const field = problemField(error);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(bodyOf(values));
      setValues(initial);
      const first = form.current && form.current.querySelector("input, select");
      if (first) first.focus();
    } catch (err) {
      setError(err);
      const f = problemField(err);
      if (f) focusControl(form.current, f.split("/")[0]);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="schema-form" ref=${form} onSubmit=${send} noValidate id=${idPrefix}>
    <div class="form-row">
      ${names.map((n) => html`<${Field} key=${n} name=${n} label=${labels[n] || humanize(n)} prop=${props[n]}
        value=${values[n]} required=${required.has(n)} error=${field === n ? error.message : null}
        onInput=${(v) => setValues({ ...values, [n]: v })} />`)}
      <div class="form-submit"><button type="submit" disabled=${busy}>${busy ? "Saving…" : submit}</button></div>
    </div>
    ${error && !names.includes(field) ? html`<p class="error" role="alert">${error.message}</p>` : null}
  </form>`;
}

/**
 * A button that removes something, asking first: the first press shows
 * "Remove X?" with the real button (focused) and Cancel beside it.
 */
export function ConfirmButton({ label = "Remove", what, confirmLabel, onConfirm }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const yes = useRef(null);
  const ask = useRef(null);
  const asked = useRef(false);
  // Focus follows the question: to the real button when asked, back to the first one on Cancel.
  useEffect(() => {
    if (asking && yes.current) yes.current.focus();
    else if (!asking && asked.current && ask.current) ask.current.focus();
    asked.current = asking;
  }, [asking]);
  if (!asking) {
    return html`<button type="button" class="secondary small" ref=${ask} aria-label=${`${label} ${what}`}
      onClick=${() => setAsking(true)}>${label}</button>`;
  }
  const go = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } catch (e) {
      announce(e.message, "error");
      setBusy(false);
      setAsking(false);
    }
  };
  return html`<span class="confirm" role="group" aria-label=${`Confirm: ${label.toLowerCase()} ${what}`}
    onKeyDown=${(e) => e.key === "Escape" && !busy && setAsking(false)}>
    <span class="confirm-q">${label} ${what}?</span>
    <button type="button" class="danger small" ref=${yes} disabled=${busy} onClick=${go}>${confirmLabel || `Yes, ${label.toLowerCase()}`}</button>
    <button type="button" class="secondary small" disabled=${busy} onClick=${() => setAsking(false)}>Cancel</button>
  </span>`;
}

/**
 * A secret the server shows once (a token, a one-time password): shown with
 * a copy button until dismissed, then gone from the page for good.
 */
export function OneTimeSecret({ title, secret, children, onDone }) {
  const box = useRef(null);
  useEffect(() => {
    if (box.current) box.current.focus();
  }, []);
  return html`<div class="secret" role="region" aria-label=${title} tabindex="-1" ref=${box}>
    <h3>${title}</h3>
    <div class="secret-value">
      <code data-secret>${secret}</code>
      <${CopyButton} text=${secret} />
    </div>
    <p class="secret-note">${children}</p>
    <button type="button" class="secondary small" onClick=${onDone}>I have saved it</button>
  </div>`;
}

