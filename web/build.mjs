// Build the web UI into eventwire/server/static: the hand-written pages from src/, and the libraries the
// pages use copied out of node_modules (installed from the npm registry by `npm ci`). Nothing is fetched at
// run time and no CDN is used: the server serves exactly these files.
import { cpSync, mkdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "eventwire", "server", "static");
const modules = join(here, "node_modules");

const vendor = {
  "echarts.min.js": "echarts/dist/echarts.min.js",
  "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
  "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
  "countries-110m.json": "world-atlas/countries-110m.json",
  "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
  "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "vendor"), { recursive: true });
cpSync(join(here, "src"), out, { recursive: true });
const versions = {};
for (const [name, source] of Object.entries(vendor)) {
  cpSync(join(modules, source), join(out, "vendor", name));
  const pkg = source.split("/")[0];
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}
writeFileSync(join(out, "vendor", "versions.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`web: built ${out} (${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", ")})`);
