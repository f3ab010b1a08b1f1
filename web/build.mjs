// Builds the lesson page's template into the Python package, byte for byte the same on every run:
//
//   src/main.js (+ three.js from node_modules) --esbuild: one minified IIFE--> bundle
//   src/page.html with the bundle in its @@BUNDLE@@ slot, src/index.html
//       --> ../anatomy_viewer/render/web/assets/{page,index}.html, each stamped with the SHA-256
//           of the sources (src/, build.mjs, package.json, package-lock.json), which a Python test
//           recomputes without Node.js
//
// `node build.mjs --check` builds in memory and fails when the shipped files differ (stale).

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, "..", "anatomy_viewer", "render", "web", "assets");

function files(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

// The same digest as tests/test_web_bundle.py sources_digest(): each file's path (relative, "/")
// and bytes, in sorted path order.
export function sourcesDigest() {
  const paths = [
    ...files(join(here, "src")),
    join(here, "build.mjs"),
    join(here, "package.json"),
    join(here, "package-lock.json"),
  ];
  const named = paths.map((p) => [relative(here, p).split("\\").join("/"), p]).sort();
  const hash = createHash("sha256");
  for (const [name, path] of named) {
    const bytes = readFileSync(path);
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

// Inside <script>, "</script" would end the element and "<!--" changes how it is parsed; both
// only occur in strings or regular expressions, where "<\/" and "<\!--" mean the same.
function scriptSafe(code) {
  return code.replaceAll("</script", "<\\/script").replaceAll("<!--", "<\\!--");
}

function fillOnce(template, slot, value) {
  const parts = template.split(slot);
  if (parts.length !== 2) throw new Error(`${slot} must appear exactly once`);
  return parts[0] + value + parts[1];
}

async function build() {
  const result = await esbuild.build({
    entryPoints: [join(here, "src", "main.js")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2022"], // current Chrome, Edge, Firefox and Safari (15 and later)
    legalComments: "eof",
    charset: "utf8",
    write: false,
    logLevel: "warning",
  });
  const bundle = scriptSafe(result.outputFiles[0].text.trimEnd());
  if (bundle.includes("@@")) throw new Error("the bundle contains a template slot marker");
  const digest = sourcesDigest();
  const stamp = (text) =>
    fillOnce(text, '<meta name="generator" content="anatomy-viewer">',
      `<meta name="generator" content="anatomy-viewer">\n<meta name="anatomy-viewer-sources" content="${digest}">`); // prettier-ignore
  const page = stamp(fillOnce(readFileSync(join(here, "src", "page.html"), "utf8"), "@@BUNDLE@@", bundle));
  const index = stamp(readFileSync(join(here, "src", "index.html"), "utf8"));
  return { "page.html": page, "index.html": index, digest };
}

const outputs = await build();
const check = process.argv.includes("--check");
let stale = [];
for (const name of ["page.html", "index.html"]) {
  const path = join(assets, name);
  if (check) {
    let shipped = "";
    try {
      shipped = readFileSync(path, "utf8");
    } catch {
      shipped = "";
    }
    if (shipped !== outputs[name]) stale.push(relative(join(here, ".."), path));
  } else {
    mkdirSync(assets, { recursive: true });
    writeFileSync(path, outputs[name]);
  }
}
if (check && stale.length) {
  console.error(`stale web bundle: ${stale.join(", ")} differ from a fresh build of web/; run \`npm run build\` in web/ and commit`);
  process.exit(1);
}
console.log(`${check ? "checked" : "built"} the web page (sources ${outputs.digest.slice(0, 12)})`);
