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
      const numeric = rows.every((r) => cell(r) === "" || !Number.isNaN(Number(cell(r))));
      rows.sort((a, b) => {
        const x = cell(a), y = cell(b);
        const order = numeric ? (Number(x || -Infinity) - Number(y || -Infinity)) : x.localeCompare(y);
        return ascending ? order : -order;
      });
      rows.forEach((r) => table.tBodies[0].appendChild(r));
    });
  });
});

const search = document.getElementById("search");
if (search && window.JDS_SEARCH) {
  const { quotes, facts } = window.JDS_SEARCH;
  const haystack = facts.map((f) => [f[0], f[1], f[3], f[4] >= 0 ? quotes[f[4]] : ""].join(" ").toLowerCase());
  const results = document.getElementById("results");
  const count = document.getElementById("search-count");
  const LIMIT = 100;
  const run = () => {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
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
      link.textContent = `${f[0]} ${f[1]}`;
      li.appendChild(link);
      const text = f[4] >= 0 ? quotes[f[4]] : f[3];
      if (text) {
        const p = document.createElement("p");
        p.textContent = text;
        li.appendChild(p);
      }
      results.appendChild(li);
    });
    count.textContent = found > LIMIT ? `${found} found; the first ${LIMIT} are shown` : `${found} found`;
  };
  search.addEventListener("input", run);
  if (search.value) run();
}
