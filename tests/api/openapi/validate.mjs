#!/usr/bin/env node
// validate.mjs - checks tminus's OpenAPI document; run by tests/api/test_openapi.py.
//
//   node validate.mjs OPENAPI.json [SCHEMA=FILE.json | SCHEMA[]=FILE.json]...
//
// 1. @readme/openapi-parser validates the document against the OpenAPI 3.1
//    schema and its rules the schema cannot express: every $ref resolves,
//    path templates and path parameters agree, operationIds are unique.
// 2. Every Schema Object in it is compiled as JSON Schema 2020-12 (the 3.1
//    dialect) with Ajv in strict mode, so a misspelt keyword, a wrong type
//    name or an unknown format is an error; a required property a schema
//    does not list is one too; so is a security requirement naming a scheme
//    that components.securitySchemes does not define.
// 3. Each SCHEMA=FILE pair validates a JSON document (the CLI's --json output)
//    against components.schemas.SCHEMA (SCHEMA[]: an array of them), with the
//    documented objects closed: a field the description leaves out is an error.
//    !SCHEMA=FILE is the opposite: the document must NOT match (a body the
//    server refuses must be one the schema refuses too).
// Exits 0 when all is well, 1 with the messages otherwise, 2 on bad usage.
import { readFileSync } from "node:fs";
import { compileErrors, validate } from "@readme/openapi-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [docPath, ...pairs] = process.argv.slice(2);
if (!docPath) {
  console.error("usage: node validate.mjs OPENAPI.json [SCHEMA=FILE.json | SCHEMA[]=FILE.json]...");
  process.exit(2);
}

const problems = [];
let doc;
try {
  doc = JSON.parse(readFileSync(docPath, "utf8"));
} catch (e) {
  console.error(`${docPath}: ${e.message}`);
  process.exit(1);
}

// 1. The OpenAPI 3.1 schema and rules (the parser may change what it is given: give it a copy).
if (doc.openapi !== "3.1.0" && !String(doc.openapi).startsWith("3.1."))
  problems.push(`openapi is ${JSON.stringify(doc.openapi)}, not 3.1.x`);
const result = await validate(structuredClone(doc));
if (!result.valid) problems.push(compileErrors(result));
for (const w of result.warnings ?? []) problems.push(`warning: ${w.message}`);

// 2. The Schema Objects as JSON Schema 2020-12.
const SCHEMA_ID = "urn:tminus:openapi:components";
const local = (ref) => ref.replace(/^#\/components\/schemas\//, `${SCHEMA_ID}#/$defs/`);
function rewrite(node) {
  if (Array.isArray(node)) return node.map(rewrite);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === "$ref" && typeof v === "string" ? local(v) : rewrite(v);
    return out;
  }
  return node;
}
// Objects whose properties the description lists are closed for step 3.
function close(node) {
  if (Array.isArray(node)) return node.map(close);
  if (node && typeof node === "object") {
    const out = {};
    for (const [k, v] of Object.entries(node))
      out[k] = k === "properties" || k === "$defs" ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, close(s)])) : close(v);
    if (out.properties && !("additionalProperties" in out) && !("unevaluatedProperties" in out)) out.additionalProperties = false;
    return out;
  }
  return node;
}

function newAjv() {
  // The OpenAPI 3.1 dialect's own keywords, besides JSON Schema 2020-12's.
  // Strict about keywords and formats (typos), not about style: ["string", "null"] is plain 2020-12.
  const ajv = new Ajv2020({
    strictSchema: true, strictNumbers: true, strictTypes: false, strictTuples: false, strictRequired: false,
    allErrors: true, validateFormats: true,
  });
  ajv.addVocabulary(["discriminator", "xml", "externalDocs", "example"]);
  addFormats(ajv);
  ajv.addFormat("password", true);
  return ajv;
}

const components = doc.components?.schemas ?? {};
const ajv = newAjv();
try {
  ajv.addSchema({ $id: SCHEMA_ID, $defs: rewrite(components) });
  ajv.getSchema(SCHEMA_ID);
} catch (e) {
  problems.push(`components.schemas: ${e.message}`);
}

// Every other schema: parameters, media types, headers, anywhere in the document.
function walk(node, where, visit) {
  if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${where}/${i}`, visit));
  else if (node && typeof node === "object")
    for (const [k, v] of Object.entries(node)) {
      const here = `${where}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (k === "schema" && v && typeof v === "object" && !where.startsWith("#/components/schemas")) visit(v, here);
      else walk(v, here, visit);
    }
}
walk(doc, "#", (schema, where) => {
  try {
    ajv.compile(rewrite(schema));
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
});

// Required properties a schema does not list.
function requiredListed(node, where) {
  if (Array.isArray(node)) return node.forEach((v, i) => requiredListed(v, `${where}/${i}`));
  if (!node || typeof node !== "object") return;
  if (node.properties && Array.isArray(node.required))
    for (const r of node.required)
      if (!(r in node.properties)) problems.push(`${where}: requires "${r}", which its properties do not list`);
  for (const [k, v] of Object.entries(node)) requiredListed(v, `${where}/${k}`);
}
requiredListed(doc, "#");

// Security requirements name defined schemes.
const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
const requirements = [["#/security", doc.security ?? []]];
for (const [p, item] of Object.entries(doc.paths ?? {}))
  for (const [m, op] of Object.entries(item))
    if (op && typeof op === "object" && op.security) requirements.push([`${m.toUpperCase()} ${p}`, op.security]);
for (const [where, reqs] of requirements)
  for (const req of reqs)
    for (const name of Object.keys(req))
      if (!schemes.has(name)) problems.push(`${where}: security scheme "${name}" is not defined`);

// 3. Documents against the schemas, closed.
if (pairs.length) {
  const strictAjv = newAjv();
  let compiled = false;
  try {
    strictAjv.addSchema({ $id: SCHEMA_ID, $defs: close(rewrite(components)) });
    compiled = true;
  } catch (e) {
    problems.push(`components.schemas (closed): ${e.message}`);
  }
  for (const pair of compiled ? pairs : []) {
    const m = /^(!?)([A-Za-z0-9_.-]+)(\[\])?=(.+)$/.exec(pair);
    if (!m) {
      console.error(`bad argument ${JSON.stringify(pair)}: want SCHEMA=FILE, SCHEMA[]=FILE or !SCHEMA=FILE`);
      process.exit(2);
    }
    const [, negated, name, many, file] = m;
    if (!(name in components)) {
      problems.push(`${file}: no schema components.schemas.${name}`);
      continue;
    }
    const ref = { $ref: `${SCHEMA_ID}#/$defs/${name}` };
    const check = strictAjv.compile(many ? { type: "array", items: ref } : ref);
    let data;
    try {
      data = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      problems.push(`${file}: ${e.message}`);
      continue;
    }
    const ok = check(data);
    if (negated && ok) problems.push(`${file} as ${name}: matches the schema, but the server refuses it`);
    else if (!negated && !ok)
      for (const e of check.errors.slice(0, 20))
        problems.push(`${file} as ${name}${many ?? ""}: ${e.instancePath || "/"} ${e.message}` +
          (e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""));
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${docPath}: valid OpenAPI ${doc.openapi}, ${Object.keys(doc.paths ?? {}).length} paths` +
  (pairs.length ? `; ${pairs.length} documents match their schemas` : ""));
