// settings/tokens.js - bearer tokens for scripts (GET/POST /tokens, DELETE
// /tokens/{id}). The secret is answered once by the POST and shown here
// once; the server keeps only its hash. Revoking asks first.
import { useRef, useState } from "preact/hooks";
import { request, me } from "../api.js";
import { html, useLoad, ErrorBox, Loading, announce, Field, fmtDate } from "../ui.js";
import { ConfirmButton, OneTimeSecret, myName, problemField, focusControl, useSchema, bodyOf, humanize } from "./forms.js";
import { getAll } from "../lists.js";

const day = (ts) => (ts ? fmtDate(String(ts).slice(0, 10)) : "never");

export default function Tokens() {
  const [tokens, error, reload, set] = useLoad(() => getAll("/tokens"), "tokens");
  const [users] = useLoad(() => getAll("/users"), "users");
  const [made, setMade] = useState(null);
  const revoke = async (t) => {
    await request("DELETE", `/tokens/${t.id}`);
    set((ts) => ts.map((x) => (x.id === t.id ? { ...x, revoked: true } : x)));
    announce(`Revoked token ${t.name || t.id}`);
  };
  return html`<div class="section-grid">
    <div class="card">
      <h2>Tokens</h2>
      <${ErrorBox} error=${error} onRetry=${reload} />
      ${made ? html`<${OneTimeSecret} title=${`Token “${made.name}” for ${made.user}`} secret=${made.token}
          onDone=${() => setMade(null)}>
        Copy it now: it is shown only this once. A script sends it as <code>Authorization: Bearer …</code>.
      </${OneTimeSecret}>` : null}
      ${!tokens && !error ? html`<${Loading} what="tokens" />` : null}
      ${tokens && tokens.length === 0 ? html`<p class="empty">No tokens yet.</p>` : null}
      ${tokens && tokens.length ? html`<div class="table-wrap"><table>
        <caption class="visually-hidden">API tokens</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">User</th><th scope="col">Scope</th>
          <th scope="col">Created</th><th scope="col">Expires</th><th scope="col">State</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${tokens.map((t) => html`<tr key=${t.id} class=${t.revoked ? "revoked" : ""}>
          <th scope="row">${t.name || `#${t.id}`}</th>
          <td>${t.user}</td>
          <td><span class=${`scope scope-${t.scope}`}>${t.scope}</span></td>
          <td class="nowrap">${day(t.created_at)}</td>
          <td class="nowrap">${day(t.expires_at)}</td>
          <td>${t.revoked ? html`<span class="status status-cancelled">revoked</span>` : html`<span class="status status-done">active</span>`}</td>
          <td class="row-actions">${t.revoked ? null
            : html`<${ConfirmButton} label="Revoke" what=${`token ${t.name || t.id}`} onConfirm=${() => revoke(t)} />`}</td>
        </tr>`)}</tbody>
      </table></div>` : null}
    </div>
    <div class="card">
      <h2>Create a token</h2>
      <${AddToken} users=${users || []} onMade=${(t) => {
        setMade(t);
        reload();
      }} />
    </div>
  </div>`;
}

/** The create form (TokenInput): whose token, what for, read or write, days until it expires. */
function AddToken({ users, onMade }) {
  const s = useSchema("TokenInput");
  const start = () => ({ user: myName(), scope: "read" });
  const [values, setValues] = useState(start);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  if (!s) return html`<p class="loading">Loading the form…</p>`;
  const props = s.properties || {};
  const field = problemField(error);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await request("POST", "/tokens", { body: bodyOf(values) });
      onMade({ name: values.name, ...r.data });
      setValues(start());
    } catch (err) {
      setError(err);
      if (problemField(err)) focusControl(form.current, problemField(err));
    } finally {
      setBusy(false);
    }
  };
  const set = (k) => (v) => setValues({ ...values, [k]: v });
  const err = (k) => (field === k ? error.message : null);
  return html`<form ref=${form} onSubmit=${send} noValidate class="schema-form">
    <div class="field">
      <label for="token-user">User</label>
      <select id="token-user" name="user" value=${values.user} aria-describedby="token-user-hint"
        onChange=${(e) => set("user")(e.target.value)}>
        ${(users.length ? users : [{ name: myName(), role: me.value.role }]).map((u) => html`<option value=${u.name}>${u.name} (${u.role})</option>`)}
      </select>
      <span class="hint" id="token-user-hint">${(props.user && props.user.description) || "whose token it is"}: it acts as them</span>
      ${err("user") ? html`<span class="field-error">${err("user")}</span>` : null}
    </div>
    <${Field} name="name" label="Name" prop=${props.name} value=${values.name} required error=${err("name")} onInput=${set("name")} />
    <${Field} name="scope" label="Scope" prop=${props.scope} value=${values.scope} required error=${err("scope")} onInput=${set("scope")} />
    <${Field} name="expires_days" label=${props.expires_days ? "Expires after (days)" : humanize("expires_days")}
      prop=${props.expires_days} value=${values.expires_days} error=${err("expires_days")} onInput=${set("expires_days")} />
    ${error && !["user", "name", "scope", "expires_days"].includes(field) ? html`<p class="error" role="alert">${error.message}</p>` : null}
    <div class="actions"><button type="submit" disabled=${busy}>${busy ? "Creating…" : "Create token"}</button></div>
  </form>`;
}
