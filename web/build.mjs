// build.mjs - bundles the web UI with esbuild: src/main.js and the pages it
// imports on first visit (code splitting), minified, with content-hashed
// file names, and an index.html naming them. Usage: node build.mjs OUTDIR
// OUTDIR then holds index.html and assets/*; the build embeds them all in
// the binary (scripts/embed_web.py).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error("usage: node build.mjs OUTDIR");
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: ["src/main.js"],
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "none",
  outdir: join(out, "assets"),
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  assetNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
  jsx: "preserve",
});

let script = null, style = null;
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint !== "src/main.js") continue;
  if (file.endsWith(".js")) script = basename(file);
  if (meta.cssBundle) style = basename(meta.cssBundle);
}
if (!script || !style) {
  console.error("build.mjs: esbuild named no main script or stylesheet");
  process.exit(1);
}
// What the first page needs, named up front so the browser fetches it at once instead of finding it
// an import at a time: the shell's own imports, and the portfolio (the start page) with its imports.
const outputs = result.metafile.outputs;
const byEntry = (entry) => Object.keys(outputs).find((f) => outputs[f].entryPoint === entry && f.endsWith(".js"));
const preload = new Set();
const closure = (file) => {
  for (const i of outputs[file].imports)
    if (i.kind === "import-statement" && !preload.has(i.path) && outputs[i.path]) {
      preload.add(i.path);
      closure(i.path);
    }
};
closure(byEntry("src/main.js"));
const home = byEntry("src/pages/portfolio.js");
if (home) {
  preload.add(home);
  closure(home);
}
const preloads = [...preload].sort().map((f) => `<link rel="modulepreload" href="/assets/${basename(f)}">\n`).join("");

// The icon, content-hashed like the rest.
const icon = readFileSync(join(here, "public", "icon.svg"));
const iconName = `icon-${createHash("sha256").update(icon).digest("hex").slice(0, 8)}.svg`;
writeFileSync(join(out, "assets", iconName), icon);

// The page itself: no inline script or style (the Content-Security-Policy allows neither).
writeFileSync(join(out, "index.html"), `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tminus</title>
<link rel="icon" href="/assets/${iconName}" type="image/svg+xml">
<link rel="stylesheet" href="/assets/${style}">
<script type="module" src="/assets/${script}"></script>
${preloads}</head>
<body><div id="app"><p class="boot">Loading tminus…</p></div>
<noscript><p class="boot">tminus needs JavaScript in this browser; the command line and the JSON API work without.</p></noscript>
</body></html>
`);
const files = Object.keys(result.metafile.outputs).map((f) => relative(out, join(here, f)));
console.log(`web: ${files.length} assets, entry ${script}, style ${style}`);
