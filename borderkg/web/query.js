// The query page (pages.query_page): examples, parameters, results as a table, a share link.
const examples = JSON.parse(document.getElementById("examples-data").textContent);
const $ = (id) => document.getElementById(id);
const pick = $("examples"), editor = $("query"), params = $("params"), out = $("results");
let chosen = null;
for (const q of examples) {
  const o = document.createElement("option");
  o.value = q.name; o.textContent = q.title + " (" + q.name + ")"; pick.appendChild(o);
}
function choose(name, values) {
  chosen = examples.find((q) => q.name === name) || null;
  params.replaceChildren();
  $("about").textContent = chosen ? chosen.description : "";
  if (!chosen) return;
  editor.value = chosen.text;
  for (const p of chosen.parameters) {
    const label = document.createElement("label");
    label.textContent = p.name + (p.required ? " (required)" : "") + ": ";
    const input = document.createElement("input");
    input.name = p.name; input.placeholder = p.description; input.value = (values || {})[p.name] || "";
    label.appendChild(input); params.appendChild(label);
  }
}
pick.addEventListener("change", () => choose(pick.value));
editor.addEventListener("input", () => { if (chosen && editor.value !== chosen.text) { chosen = null; params.replaceChildren(); } });
function table(doc) {
  const t = document.createElement("table");
  if (doc.boolean !== undefined) { t.textContent = String(doc.boolean); return t; }
  const head = t.insertRow();
  for (const v of doc.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  for (const b of doc.results.bindings) {
    const row = t.insertRow();
    for (const v of doc.head.vars) { row.insertCell().textContent = b[v] ? b[v].value : ""; }
  }
  return t;
}
async function run() {
  out.textContent = "running…";
  let url, init = {headers: {Accept: "application/sparql-results+json"}};
  const share = new URLSearchParams();
  if (chosen) {
    const q = new URLSearchParams();
    for (const input of params.querySelectorAll("input")) if (input.value) { q.set(input.name, input.value); share.set(input.name, input.value); }
    url = "library/" + encodeURIComponent(chosen.name) + "?" + q.toString();
    share.set("example", chosen.name);
  } else {
    url = "sparql";
    init.method = "POST";
    init.headers["Content-Type"] = "application/sparql-query";
    init.body = editor.value;
    share.set("query", editor.value);
  }
  $("share").href = "#" + share.toString();
  const resp = await fetch(url, init);
  const text = await resp.text();
  if (!resp.ok) { out.textContent = resp.status + ": " + text; return; }
  const doc = JSON.parse(text);
  out.replaceChildren(table(doc));
  const n = doc.results ? doc.results.bindings.length : 1;
  $("count").textContent = n + " row(s)";
  window.borderkgRows = n;
}
$("run").addEventListener("click", run);
const start = new URLSearchParams(location.hash.slice(1));
if (start.get("example")) { pick.value = start.get("example"); const v = {}; for (const [k, x] of start) v[k] = x; choose(start.get("example"), v); }
else if (start.get("query")) editor.value = start.get("query");
window.borderkgReady = true;
