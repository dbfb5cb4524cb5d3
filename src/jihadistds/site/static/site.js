// jihadistds site: sorting and filtering of tables, and search. Every page works without it.
"use strict";

document.querySelectorAll(".needs-script").forEach((el) => { el.hidden = false; });

function rowsOf(table) { return Array.from(table.tBodies[0].rows); }

function updateCount(input, table) {
  const all = rowsOf(table);
  const shown = all.filter((r) => !r.hidden).length;
  const out = input.closest("p").querySelector(".shown");
  if (out) out.textContent = input.value ? `${shown} of ${all.length} rows shown` : "";
}

document.querySelectorAll("input.filter").forEach((input) => {
  const table = document.getElementById(input.dataset.table);
  if (!table) return;
  input.addEventListener("input", () => {
    const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    rowsOf(table).forEach((row) => {
      const text = row.textContent.toLowerCase();
      row.hidden = !terms.every((t) => text.includes(t));
    });
    updateCount(input, table);
  });
});

document.querySelectorAll("table.data").forEach((table) => {
  const headers = Array.from(table.tHead ? table.tHead.rows[0].cells : []);
  headers.forEach((th, column) => {
    const button = th.querySelector("button.sort");
    if (!button) return;
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach((h) => h.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const rows = rowsOf(table);
      const cell = (r) => (r.cells[column] ? r.cells[column].textContent.trim() : "");
      // A number is shown grouped ("2,700,000"): it sorts as the number it is.
      const number = (text) => Number(text.replace(/,(?=\d{3}\b)/g, ""));
      const numeric = rows.every((r) => cell(r) === "" || !Number.isNaN(number(cell(r))));
      rows.sort((a, b) => {
        const x = cell(a), y = cell(b);
        const order = numeric ? ((x ? number(x) : -Infinity) - (y ? number(y) : -Infinity)) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach((r) => table.tBodies[0].appendChild(r));
    });
  });
});

// Search folds what readers type and what the data says alike: case, diacritics ("Qaeda's"
// and "Qaeda’s"), curly and straight quotes, and digit grouping ("20000" finds "20,000").
function foldChar(c) {
  const plain = c.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  if (/[\u2018\u2019\u02bc`\u00b4]/.test(plain)) return "'";
  if (/[\u201c\u201d]/.test(plain)) return '"';
  return plain;
}

// The folded text, and for each of its characters the index of the original one it came from.
function folded(text) {
  let out = "";
  const from = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    const digitGroup = (c === "," || c === "\u202f" || c === "\u00a0") &&
      /\d/.test(text[i - 1] || "") && /^\d{3}(?!\d)/.test(text.slice(i + 1, i + 5));
    if (digitGroup) continue;
    const f = foldChar(c);
    for (let k = 0; k < f.length; k += 1) { out += f[k]; from.push(i); }
  }
  return { text: out, from };
}

const fold = (text) => folded(text).text;

// ``text`` as nodes, each match of a term in a <mark>: text nodes only, never markup.
function highlighted(text, terms) {
  const { text: f, from } = folded(text);
  const marks = [];
  terms.forEach((t) => {
    for (let at = f.indexOf(t); at >= 0 && t; at = f.indexOf(t, at + t.length)) {
      marks.push([from[at], from[at + t.length - 1] + 1]);
    }
  });
  marks.sort((a, b) => a[0] - b[0]);
  const nodes = [];
  let done = 0;
  marks.forEach(([start, end]) => {
    if (start < done) return;
    nodes.push(document.createTextNode(text.slice(done, start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    nodes.push(mark);
    done = end;
  });
  nodes.push(document.createTextNode(text.slice(done)));
  return nodes;
}

const search = document.getElementById("search");
if (search && window.JDS_SEARCH) {
  const { quotes, facts } = window.JDS_SEARCH;
  const quoteOf = (f) => (f[4] >= 0 ? quotes[f[4]] : "");
  const haystack = facts.map((f) => fold([f[0], f[1], f[3], quoteOf(f), f[5] || ""].join(" ")));
  const results = document.getElementById("results");
  const count = document.getElementById("search-count");
  const LIMIT = 100;
  const run = () => {
    const terms = fold(search.value).split(/\s+/).filter(Boolean);
    const url = new URL(window.location.href);
    if (search.value) url.searchParams.set("q", search.value); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    results.replaceChildren();
    if (!terms.length) { count.textContent = ""; return; }
    let found = 0;
    facts.forEach((f, i) => {
      if (!terms.every((t) => haystack[i].includes(t))) return;
      found += 1;
      if (found > LIMIT) return;
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = f[2];
      link.className = "where";
      link.textContent = f[5] || `${f[0]} ${f[1]}`;  // the fact as a sentence of names
      li.appendChild(link);
      const where = document.createElement("span");
      where.className = "where-key";
      where.textContent = ` (${f[0]}, ${f[1]})`;
      li.appendChild(where);
      // The fact's own quote; where the match is in its other words (a name, a note), those.
      const quote = quoteOf(f);
      const shown = [quote, f[3]].filter((t) => t && terms.some((term) => fold(t).includes(term)));
      (shown.length ? shown : [quote || f[3]]).forEach((text) => {
        const p = document.createElement("p");
        if (text === quote) p.className = "quote";
        p.append(...highlighted(text, terms));
        li.appendChild(p);
      });
      results.appendChild(li);
    });
    count.textContent = found > LIMIT ? `${found} found; the first ${LIMIT} are shown` : `${found} found`;
  };
  search.addEventListener("input", run);
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) search.value = asked;
  if (search.value) run();
}
