/* marxkg citation index: filter box and sortable columns (no libraries). */
(function () {
  "use strict";
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.sortable"));
  var filter = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  var noMatch = document.getElementById("no-match");

  function rowsOf(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }

  function applyFilter() {
    var terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0, total = 0;
    tables.forEach(function (table) {
      var visible = 0;
      rowsOf(table).forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var ok = terms.every(function (t) { return text.indexOf(t) !== -1; });
        row.hidden = !ok;
        total += 1;
        if (ok) { visible += 1; }
      });
      shown += visible;
      table.closest("section").hidden = visible === 0;
    });
    count.textContent = shown + " / " + total;
    noMatch.hidden = shown !== 0;
    return shown;
  }
  filter.addEventListener("input", applyFilter);

  function key(row, col, numeric) {
    var cell = row.cells[col];
    var k = cell.getAttribute("data-key");
    if (numeric) { return k !== null ? Number(k) : Number.MAX_VALUE; }
    return (k !== null ? k : cell.textContent).trim().toLowerCase();
  }

  function sortBy(table, col, direction) {
    var th = table.tHead.rows[0].cells[col];
    var numeric = th.getAttribute("data-sort") === "num";
    var rows = rowsOf(table).map(function (row, i) { return { row: row, i: i, k: key(row, col, numeric) }; });
    rows.sort(function (a, b) {
      var d = a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
      return (d || a.i - b.i) * (direction === "descending" ? -1 : 1);
    });
    var body = table.tBodies[0];
    rows.forEach(function (r) { body.appendChild(r.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction);
  }

  tables.forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, col, next);
      });
    });
  });

  window.marxkgCitations = { filter: applyFilter, sortBy: sortBy };
}());
