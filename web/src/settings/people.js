// settings/people.js - the people who own launch work (GET/POST /people).
// The API has no way to change or remove a person yet, so this lists and
// adds; the add form follows PersonInput.
import { request } from "../api.js";
import { html, useLoad, ErrorBox, Loading, announce } from "../ui.js";
import { SchemaForm, getAll } from "./forms.js";

export default function People() {
  const [people, error, reload, set] = useLoad(() => getAll("/people"), "people");
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
          <th scope="col" class="num">Days a week</th></tr></thead>
        <tbody>${people.map((p) => html`<tr key=${p.id}>
          <th scope="row">${p.name}</th>
          <td><span class="role-tag">${p.role}</span></td>
          <td>${p.email ? html`<a href=${`mailto:${p.email}`}>${p.email}</a>` : html`<span class="muted">—</span>`}</td>
          <td class="num">${p.capacity}</td>
        </tr>`)}</tbody>
      </table></div>` : null}
    </div>
    <div class="card">
      <h2>Add a person</h2>
      <${SchemaForm} schemaName="PersonInput" idPrefix="add-person" submit="Add person" onSubmit=${add}
        labels=${{ capacity: "Days a week" }} initial=${{ role: "pm" }} />
    </div>
  </div>`;
}
