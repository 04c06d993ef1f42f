/*
 * json_import.h - the JSON of an import's report (issue 15), shared by the
 * command line's --json and the API's POST /launches/{id}/import. Returns a
 * new reference.
 */
#ifndef TM_PRESENT_JSON_IMPORT_H
#define TM_PRESENT_JSON_IMPORT_H

#include <jansson.h>

#include "app/imports.h"

/*
 * {"source":"asana","file","launch","dry_run",
 *  "counts":{"rows","created","changed","unchanged","skipped","dependencies","dependencies_skipped"},
 *  "tasks":[{"line","source_id","action":"created"|"changed"|"unchanged"|"skipped","task"|null,"title",
 *            "section","owner"|null,"due"|null,"effort_days","status","parent"|null,"depends_on":n,"reason"}],
 *  "people":[{"name","email"|null,"created","person"|null,"tasks"}],
 *  "cycles":[{"path":"A → B → A","task","after","line"}],
 *  "notes":["…"]}
 */
json_t *tm_json_import_report(const tm_import_report *r);

#endif
