// `npm run bench:bundle`, also the first figures of `npm run bench` (issue 10 "On a phone with a
// poor connection"): how much JavaScript, gzipped, a browser downloads to open each page of the
// production build, and whether the mentor home plus the visit form stay within 120 KB.
//
// A page's JavaScript is the client entry, the root route and every route from the root down to
// the page, each with the chunks it imports statically (followed through the chunks' own imports),
// counted once. The browser gets the route list inline in the page (lazy route discovery), so no
// manifest file is downloaded. Chunks loaded on demand (`import()`, such as another role's home
// panel) are not part of a page's figure: they are listed apart for the pages that hold them.
// Sizes are gzip at the level the production server's compression middleware uses (zlib's
// default, 6). The reader's dictionary is JSON, not JavaScript: printed beside, for reference.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; module: string; imports?: string[] };
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, ManifestRoute> };

const budgetKb = 120;
const budgetPages = [
  { label: "mentor home (/)", routeId: "routes/_index" },
  { label: "visit form (/cases/:id/visits/new)", routeId: "routes/cases.$caseId_.visits.new" },
];

const publicDir = join(process.cwd(), "public");
const buildDir = join(publicDir, "build");
if (!existsSync(join(process.cwd(), "build/index.js")) || !existsSync(buildDir)) {
  execFileSync("npm", ["run", "build"], { stdio: "inherit" });
}

// The manifest the server build refers to (an older one may linger after several builds).
function readManifest(): Manifest {
  const server = readFileSync(join(process.cwd(), "build/index.js"), "utf8");
  const named = /"url":\s*"\/build\/(manifest-[A-Z0-9]+\.js)"/.exec(server)?.[1];
  const file =
    named ??
    readdirSync(buildDir)
      .filter((name) => /^manifest-.*\.js$/.test(name))
      .sort((a, b) => statSync(join(buildDir, b)).mtimeMs - statSync(join(buildDir, a)).mtimeMs)[0];
  if (!file) throw new Error("no manifest in public/build: run `npm run build` first");
  const text = readFileSync(join(buildDir, file), "utf8");
  return JSON.parse(text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1)) as Manifest;
}

const fileCache = new Map<string, { gzip: number; staticImports: string[]; dynamicImports: string[] }>();
// One built file: its gzip size and the files it imports (esbuild writes `from"/build/_shared/x.js"`,
// `import"/build/_shared/x.js"` and `import("/build/_shared/x.js")`; relative paths are resolved too).
function builtFile(url: string) {
  let cached = fileCache.get(url);
  if (!cached) {
    const text = readFileSync(join(publicDir, url), "utf8");
    const folder = url.slice(0, url.lastIndexOf("/") + 1);
    const resolve = (relative: string) => new URL(relative, `http://x${folder}`).pathname;
    const staticImports = [...text.matchAll(/(?:\bfrom|\bimport)\s*"((?:\.{1,2})?\/[^"]+\.js)"/g)].map((m) => resolve(m[1]));
    const dynamicImports = [...text.matchAll(/\bimport\(\s*"((?:\.{1,2})?\/[^"]+\.js)"\s*\)/g)].map((m) => resolve(m[1]));
    cached = { gzip: gzipSync(text).length, staticImports, dynamicImports };
    fileCache.set(url, cached);
  }
  return cached;
}

// Every file reached through static imports from the given ones.
function closure(urls: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...urls];
  while (pending.length > 0) {
    const url = pending.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    pending.push(...builtFile(url).staticImports);
  }
  return seen;
}

function routeChain(manifest: Manifest, routeId: string): ManifestRoute[] {
  const chain: ManifestRoute[] = [];
  for (let route: ManifestRoute | undefined = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) {
    chain.unshift(route);
  }
  return chain;
}

function pageFiles(manifest: Manifest, routeId: string): Set<string> {
  const roots = [manifest.entry.module, ...manifest.entry.imports];
  for (const route of routeChain(manifest, routeId)) roots.push(route.module, ...(route.imports ?? []));
  return closure(roots);
}

const gzipOf = (files: Iterable<string>) => [...files].reduce((sum, url) => sum + builtFile(url).gzip, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function routeUrl(manifest: Manifest, routeId: string): string {
  const parts = routeChain(manifest, routeId)
    .map((route) => route.path ?? "")
    .filter(Boolean);
  return `/${parts.join("/")}`;
}

// Resource routes (CSV exports, /places, /healthz…) are not pages: their source has no component.
function isPage(routeId: string): boolean {
  const base = join(process.cwd(), "app", routeId);
  const source = [".tsx", ".ts", ".jsx", ".js"].map((extension) => base + extension).find((file) => existsSync(file));
  return source ? /export\s+default\b/.test(readFileSync(source, "utf8")) : true;
}

const manifest = readManifest();
const shared = closure([manifest.entry.module, ...manifest.entry.imports, manifest.routes.root.module, ...(manifest.routes.root.imports ?? [])]);
const pages = Object.keys(manifest.routes)
  .filter((id) => id !== "root" && isPage(id))
  .map((id) => {
    const files = pageFiles(manifest, id);
    // What each chunk loaded on demand adds to the page: itself and what it imports beyond the page's files.
    const onDemand = [...new Set([...files].flatMap((url) => builtFile(url).dynamicImports))].map((url) => ({
      url,
      gzip: gzipOf([...closure([url])].filter((file) => !files.has(file))),
    }));
    return { id, url: routeUrl(manifest, id), gzip: gzipOf(files), onDemand };
  })
  .sort((a, b) => a.url.localeCompare(b.url) || a.id.localeCompare(b.id));

console.log("JavaScript per page, gzip (entry + root + route chunks, each file counted once):");
console.log(`  every page before its own code (entry + root): ${kb(gzipOf(shared))}`);
for (const page of pages) {
  const lazy = page.onDemand.length ? `  (+ on demand: ${page.onDemand.map((chunk) => `${chunk.url.split("/").pop()} ${kb(chunk.gzip)}`).join(", ")})` : "";
  console.log(`  ${page.url.padEnd(48)} ${kb(page.gzip).padStart(9)}${lazy}`);
}

// The mentor's phone: the home, then the visit form; files shared by both are downloaded once.
// The mentor's own home panels (components/home/mentor-home.tsx, a chunk esbuild names after its
// file), loaded on demand, belong to the home's figure.
const mentorPanel = pages
  .find((page) => page.id === "routes/_index")
  ?.onDemand.map((chunk) => chunk.url)
  .filter((url) => /\/mentor-home-[A-Z0-9]+\.js$/.test(url));
const union = new Set<string>();
for (const page of budgetPages) for (const url of pageFiles(manifest, page.routeId)) union.add(url);
for (const url of closure(mentorPanel ?? [])) union.add(url);
const total = gzipOf(union);
console.log(
  `\n  ${budgetPages.map((page) => page.label).join(" + ")}${mentorPanel?.length ? " + the mentor's home panel" : ""}: ${kb(total)} of ${budgetKb} KB → ${total <= budgetKb * 1024 ? "met" : "NOT met"} (${((total / (budgetKb * 1024)) * 100).toFixed(1)}% of the target)`,
);

// For reference: the reader's dictionary, fetched once as JSON and cached by its content hash.
const { serverDictionaries } = await import("~/lib/i18n-dictionaries.server");
for (const [locale, dictionary] of Object.entries(serverDictionaries)) {
  console.log(`  dictionary /locales/${locale}.json (JSON, cached): ${kb(gzipSync(JSON.stringify(dictionary)).length)}`);
}
