// Builds Cohesion's front-end assets from installed npm packages into
// cohesion/static/vendor/, so that every page is served locally (no CDN).
import { compile } from "sass";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "cohesion", "static", "vendor");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = compile(join(root, "cohesion", "static", "src", "cohesion.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
writeFileSync(join(out, "cohesion.css"), css.css);

const govuk = join(modules, "govuk-frontend", "dist", "govuk");
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets"), join(out, "govuk-assets"), { recursive: true });
const leaflet = join(modules, "leaflet", "dist");
cpSync(join(leaflet, "leaflet.js"), join(out, "leaflet.js"));
cpSync(join(leaflet, "leaflet.css"), join(out, "leaflet.css"));
cpSync(join(leaflet, "images"), join(out, "images"), { recursive: true });
console.log(`Front-end assets built in ${out}`);
