// settings/users.js - who may sign in and what they may do (GET/POST
// /users, PATCH/DELETE /users/{name}). A new user gets a one-time password,
// shown here once: they sign in with it and choose their own. The role and
// the person a user is change in place; removing one asks first.
import { useRef, useState } from "preact/hooks";
import { request } from "../api.js";
import { html, useLoad, ErrorBox, Loading, announce, Field } from "../ui.js";
import { ConfirmButton, OneTimeSecret, myName, problemField, focusControl, useSchema, bodyOf } from "./forms.js";
import { getAll } from "../lists.js";

const ROLE_HELP = { viewer: "reads everything", editor: "also changes plans", admin: "also people, users and the workspace" };

export default function Users() {
  const [users, error, reload, set] = useLoad(() => getAll("/users"), "users");
  const [people] = useLoad(() => getAll("/people"), "people");
  const [invited, setInvited] = useState(null);
  const s = useSchema("UserInput");
  const roles = (s && s.properties && s.properties.role && s.properties.role.enum) || ["viewer", "editor", "admin"];

  const change = async (u, patch) => {
    try {
      const r = await request("PATCH", `/users/${encodeURIComponent(u.name)}`, { body: patch });
      set((us) => us.map((x) => (x.name === u.name ? { ...x, ...r.data } : x)));
      announce(`Saved ${u.name}`);
    } catch (e) {
      announce(e.message, "error");
      reload(); // the select shows what the server kept
    }
  };
  const remove = async (u) => {
    await request("DELETE", `/users/${encodeURIComponent(u.name)}`);
    set((us) => us.filter((x) => x.name !== u.name));
    announce(`Removed ${u.name}`);
  };

  return html`<div class="section-grid">
    <div class="card">
      <h2>Users <span class="count">${users ? users.length : ""}</span></h2>
      <${ErrorBox} error=${error} onRetry=${reload} />
      ${invited ? html`<${OneTimeSecret} title=${`One-time password for ${invited.name}`} secret=${invited.password}
          onDone=${() => setInvited(null)}>
        Give it to ${invited.name} privately. They sign in with it once and then choose their own password;
        it is not shown again.
      </${OneTimeSecret}>` : null}
      ${!users && !error ? html`<${Loading} what="users" />` : null}
      ${users ? html`<div class="table-wrap"><table class="users">
        <caption class="visually-hidden">Users and their roles</caption>
        <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Person</th>
          <th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${users.map((u) => {
          const self = myName() === u.name;
          return html`<tr key=${u.name}>
            <th scope="row">${u.name}${self ? html` <span class="muted">(you)</span>` : null}
              ${u.must_change_password ? html`<span class="pending">password not yet chosen</span>` : null}</th>
            <td><label class="visually-hidden" for=${`role-${u.id}`}>Role of ${u.name}</label>
              <select id=${`role-${u.id}`} value=${u.role} onChange=${(e) => change(u, { role: e.target.value })}>
                ${roles.map((r) => html`<option value=${r}>${r}</option>`)}
              </select></td>
            <td><label class="visually-hidden" for=${`person-${u.id}`}>Person ${u.name} is</label>
              <select id=${`person-${u.id}`} value=${u.person || ""}
                onChange=${(e) => change(u, { person: e.target.value || null })}>
                <option value="">nobody</option>
                ${(people || []).map((p) => html`<option value=${p.name}>${p.name}</option>`)}
              </select></td>
            <td class="row-actions">${self ? null : html`<${ConfirmButton} what=${u.name} onConfirm=${() => remove(u)} />`}</td>
          </tr>`;
        })}</tbody>
      </table></div>
      <p class="hint">Roles: ${roles.map((r, i) => html`${i ? "; " : ""}<strong>${r}</strong> ${ROLE_HELP[r] || ""}`)}.
        Removing a user also revokes their tokens.</p>` : null}
    </div>
    <div class="card">
      <h2>Add a user</h2>
      <${AddUser} schema=${s} people=${people || []} roles=${roles} onAdded=${(u) => {
        setInvited(u);
        set((us) => [...(us || []), u]);
      }} />
    </div>
  </div>`;
}

/** The add form: name and role from UserInput, the person as a choice of the workspace's people. */
function AddUser({ schema, people, roles, onAdded }) {
  const [values, setValues] = useState({ role: "editor" });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const form = useRef(null);
  const props = (schema && schema.properties) || {};
  const field = problemField(error);
  const send = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await request("POST", "/users", { body: bodyOf(values) });
      setValues({ role: "editor" });
      onAdded(r.data);
    } catch (err) {
      setError(err);
      if (problemField(err)) focusControl(form.current, problemField(err));
    } finally {
      setBusy(false);
    }
  };
  const personHint = props.person && props.person.description;
  return html`<form ref=${form} onSubmit=${send} noValidate class="schema-form">
    <${Field} name="name" label="Sign-in name" prop=${props.name} value=${values.name} required
      error=${field === "name" ? error.message : null} onInput=${(v) => setValues({ ...values, name: v })} />
    <${Field} name="role" label="Role" prop=${{ ...props.role, enum: roles }} value=${values.role} required
      error=${field === "role" ? error.message : null} onInput=${(v) => setValues({ ...values, role: v })} />
    <div class="field">
      <label for="add-user-person">Person</label>
      <select id="add-user-person" name="person" value=${values.person || ""} aria-describedby="add-user-person-hint"
        aria-invalid=${field === "person" ? "true" : undefined}
        onChange=${(e) => setValues({ ...values, person: e.target.value || undefined })}>
        <option value="">nobody</option>
        ${people.map((p) => html`<option value=${p.name}>${p.name} (${p.role})</option>`)}
      </select>
      <span class="hint" id="add-user-person-hint">${personHint || "the person they are: their tasks are their own"}</span>
      ${field === "person" ? html`<span class="field-error">${error.message}</span>` : null}
    </div>
    ${error && !["name", "role", "person"].includes(field) ? html`<p class="error" role="alert">${error.message}</p>` : null}
    <div class="actions"><button type="submit" disabled=${busy}>${busy ? "Adding…" : "Add user"}</button></div>
    <p class="hint">They get a one-time password, shown once after adding; at first sign-in they choose their own.</p>
  </form>`;
}
