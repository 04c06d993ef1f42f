// settings/people.js - the people who own launch work: listed (GET /people),
// added (POST /people, the form following PersonInput) and changed in place
// (PATCH /people/{id}, following PersonPatch). A person is never removed:
// their name stays on the work they did.
import { useState } from "preact/hooks";
import { request } from "../api.js";
import { html, useLoad, ErrorBox, Loading, announce } from "../ui.js";
import { SchemaForm } from "./forms.js";
import { getAll } from "../lists.js";

export default function People() {
  const [people, error, reload, set] = useLoad(() => getAll("/people"), "people");
  const [editing, setEditing] = useState(null);
  const save = async (body) => {
    const r = await request("PATCH", `/people/${editing.id}`, { body });
    set((ps) => ps.map((p) => (p.id === r.data.id ? r.data : p)));
    announce(`Saved ${r.data.name}`);
    setEditing(null);
  };
  const add = async (body) => {
    const r = await request("POST", "/people", { body });
    set((ps) => [...(ps || []), r.data]);
    announce(`Added ${r.data.name}`);
  };
  return html`<div class="section-grid">
    <div class="card">
      <h2>People <span class="count">${people ? people.length : ""}</span></h2>
      <${ErrorBox} error=${error} onRetry=${reload} />
      ${!people && !error ? html`<${Loading} what="people" />` : null}
      ${people && people.length === 0 ? html`<p class="empty">Nobody yet: add the first person.</p>` : null}
      ${people && people.length ? html`<div class="table-wrap"><table>
        <caption class="visually-hidden">People</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Email</th>
          <th scope="col" class="num">Days a week</th><th scope="col"><span class="visually-hidden">Change</span></th></tr></thead>
        <tbody>${people.map((p) => html`<tr key=${p.id}>
          <th scope="row">${p.name}</th>
          <td><span class="role-tag">${p.role}</span></td>
          <td>${p.email ? html`<a href=${`mailto:${p.email}`}>${p.email}</a>` : html`<span class="muted">—</span>`}</td>
          <td class="num">${p.capacity}</td>
          <td><button type="button" class="secondary" aria-label=${`Edit ${p.name}`}
            onClick=${() => setEditing(p)}>Edit</button></td>
        </tr>`)}</tbody>
      </table></div>` : null}
    </div>
    ${editing ? html`<div class="card" key=${`edit-${editing.id}`}>
      <h2>Edit ${editing.name}</h2>
      <${SchemaForm} schemaName="PersonPatch" idPrefix="edit-person" submit="Save" onSubmit=${save}
        labels=${{ capacity: "Days a week" }}
        initial=${{ name: editing.name, role: editing.role, email: editing.email || undefined, capacity: editing.capacity }} />
      <button type="button" class="link" onClick=${() => setEditing(null)}>Cancel</button>
    </div>` : null}
    <div class="card">
      <h2>Add a person</h2>
      <${SchemaForm} schemaName="PersonInput" idPrefix="add-person" submit="Add person" onSubmit=${add}
        labels=${{ capacity: "Days a week" }} initial=${{ role: "pm" }} />
    </div>
  </div>`;
}
