/* marxkg citation index: document selector, filter box, sortable columns, paging of long
   tables and copy buttons (no libraries). */
(function () {
  "use strict";
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.sortable"));
  var filter = document.getElementById("filter");
  var docSelect = document.getElementById("doc-select");
  var count = document.getElementById("filter-count");
  var noMatch = document.getElementById("no-match");
  var main = document.querySelector("main.index");
  var pageSize = Number(main && main.getAttribute("data-page-size")) || 100;
  var pageOf = new Map();  // table -> current page (0-based)

  function rowsOf(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }

  function matches(row, terms, doc) {
    var cell = row.querySelector("td[data-doc]");
    if (doc && (!cell || cell.getAttribute("data-doc") !== doc)) { return false; }
    var text = row.textContent.toLowerCase();
    return terms.every(function (t) { return text.indexOf(t) !== -1; });
  }

  /* Show the matching rows of one table, one page of them when there are more than
     pageSize; the pager appears only then. Returns the number of matching rows. */
  function paint(table, terms, doc) {
    var matching = rowsOf(table).filter(function (row) { return matches(row, terms, doc); });
    var pages = Math.max(1, Math.ceil(matching.length / pageSize));
    var page = Math.min(pageOf.get(table) || 0, pages - 1);
    pageOf.set(table, page);
    var shown = new Set(matching.slice(page * pageSize, (page + 1) * pageSize));
    rowsOf(table).forEach(function (row) { row.hidden = !shown.has(row); });
    var pager = table.parentNode.querySelector(".pager");
    if (pager) {
      pager.hidden = matching.length <= pageSize;
      pager.querySelector(".pager-info").textContent = (page + 1) + " / " + pages;
      pager.querySelector(".prev").disabled = page === 0;
      pager.querySelector(".next").disabled = page >= pages - 1;
    }
    return matching.length;
  }

  function applyFilter() {
    var terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var doc = docSelect ? docSelect.value : "";
    var shown = 0, total = 0;
    tables.forEach(function (table) {
      var visible = paint(table, terms, doc);
      total += rowsOf(table).length;
      shown += visible;
      table.closest("section").hidden = visible === 0;
    });
    count.textContent = shown + " / " + total;
    noMatch.hidden = shown !== 0;
    return shown;
  }
  filter.addEventListener("input", function () { pageOf.clear(); applyFilter(); });
  if (docSelect) {
    docSelect.addEventListener("change", function () { pageOf.clear(); applyFilter(); });
  }

  tables.forEach(function (table) {
    var pager = table.parentNode.querySelector(".pager");
    if (!pager) { return; }
    pager.querySelector(".prev").addEventListener("click", function () {
      pageOf.set(table, Math.max(0, (pageOf.get(table) || 0) - 1)); applyFilter();
    });
    pager.querySelector(".next").addEventListener("click", function () {
      pageOf.set(table, (pageOf.get(table) || 0) + 1); applyFilter();
    });
  });

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
    applyFilter();
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

  /* Copy a rendered reference: the Clipboard API where the page may use it, else the
     text is selected so that the reader can copy it by hand. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.copy") : null;
    if (!button) { return; }
    var span = button.parentNode.querySelector(".ref-text");
    var text = span ? span.textContent : "";
    function done() { button.classList.add("done"); }
    function select() {
      var range = document.createRange();
      range.selectNodeContents(span);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, select);
    } else {
      select();
    }
  });

  applyFilter();
  window.marxkgCitations = { filter: applyFilter, sortBy: sortBy };
  MKG.ready();
}());
