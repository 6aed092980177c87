/* marxkg citation index (and claims page): document selector, filter box, sortable
   columns, paging of long tables and copy buttons (no libraries). */
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
  /* A long corpus's rows are JSON in the page (citations.py, claims.py INLINE_ROWS): a
     table with data-rows holds only the rows of the page shown, built from its records on
     demand, by the page's own row builder (main's data-kind: this file's for the
     citations, claims.js's for the claims). */
  var kind = (main && main.getAttribute("data-kind")) || "citations";
  var lazy = MKG.readJSON("mkg-" + kind);
  var rowKind = kind === "citations" ?
    { build: function (d) { return buildRow(d, d.passages !== undefined); }, text: searchText } :
    MKG.rows[kind];
  var records = new Map();  // lazy table -> [{data, row (built when first shown), text}]
  tables.forEach(function (table) {
    var key = table.getAttribute("data-rows");
    if (lazy && key !== null) {
      records.set(table, (lazy.groups[key] || []).map(function (d) { return { data: d }; }));
    }
  });

  function rowsOf(table) {
    return records.has(table) ? records.get(table) : Array.prototype.slice.call(table.tBodies[0].rows);
  }
  function nodeOf(item) {
    if (item.data === undefined) { return item; }
    if (!item.row) { item.row = rowKind.build(item.data, lazy.docs); }
    return item.row;
  }

  function bi(obj, lang) { return (obj && obj[lang]) || ""; }
  function searchText(d) {
    var parts = [d.pages, d.reference, d.url, d.quotation, d.sentence, d.sentenceEn,
      d.noteLabel, String(d.note), d.rendered, d.style, d.doc, (lazy.docs[d.doc] || [""])[0]];
    (d.passages || []).forEach(function (p) {
      parts.push(bi(p.work, "zh"), bi(p.work, "en"), p.confidence, bi(p.location, "zh"), bi(p.location, "en"));
    });
    if (d.characterization) { parts.push(d.characterization.zh, d.characterization.en); }
    d.concepts.forEach(function (c) { parts.push(c.zh); });
    return parts.filter(Boolean).join(" ").toLowerCase();
  }

  function matches(item, terms, doc) {
    if (item.data !== undefined) {
      if (doc && item.data.doc !== doc) { return false; }
      if (!terms.length) { return true; }
      if (item.text === undefined) { item.text = rowKind.text(item.data, lazy.docs); }
      return terms.every(function (t) { return item.text.indexOf(t) !== -1; });
    }
    var row = item;
    var cell = row.querySelector("td[data-doc]");
    if (doc && (!cell || cell.getAttribute("data-doc") !== doc)) { return false; }
    var text = row.textContent.toLowerCase();
    return terms.every(function (t) { return text.indexOf(t) !== -1; });
  }

  /* One row, the same cells as templates/citations.html writes (text only, never markup). */
  function buildRow(d, marx) {
    var el = MKG.el;
    var first = el("td", { "data-key": d.pageKey }, d.anchors.map(function (a) {
      return el("span", { id: a, className: "anchor" });
    }).concat([d.pages || "—"]));
    var work;
    if (marx) {
      work = el("td", {}, d.passages.map(function (p) {
        var w = p.work && (p.work.zh !== undefined || p.work.en !== undefined);
        return el("div", { className: "work" }, [
          w ? el("span", { lang: "zh-Hans", text: p.work.zh || "" }) :
            el("span", { className: "meta" }, ["未识别著作 ", el("span", { lang: "en", text: "work not identified" })]),
          w && p.work.en ? " " : null,
          w && p.work.en ? el("span", { className: "en", lang: "en", text: p.work.en }) : null,
          p.confidence ? " " : null,
          p.confidence ? el("span", { className: "confidence confidence-" + p.confidence, text: p.confidence }) : null,
          p.location && p.location.zh ? el("div", { className: "location", lang: "zh-Hans", text: p.location.zh }) : null,
          p.location && p.location.en ? el("div", { className: "location en", lang: "en", text: p.location.en }) : null
        ]);
      }));
    } else {
      work = el("td", {}, [el("span", { lang: "zh-Hans", text: d.reference || "" }),
        d.url ? el("div", { className: "url", text: d.url }) : null]);
    }
    var quote = el("td", {}, [d.quotation ? el("q", { lang: "zh-Hans", text: d.quotation }) :
      el("span", { className: "meta" }, [d.characterization.zh + " ",
        el("span", { lang: "en", text: d.characterization.en })])]);
    var sentence = el("td", {}, [
      el("a", { href: d.sentenceHref, lang: "zh-Hans", className: "sentence", text: d.sentence }),
      d.sentenceEn ? el("div", { className: "en", lang: "en", text: d.sentenceEn }) : null]);
    var concepts = [];
    d.concepts.forEach(function (c, i) {
      if (i) { concepts.push(" "); }
      concepts.push(el("a", { href: c.href, className: "concept scheme-" + c.scheme, title: c.en, text: c.zh }));
    });
    var note = el("td", { "data-key": d.order }, [el("a", { href: d.markerHref, text: d.noteLabel }), " ",
      el("span", { className: "meta", text: String(d.note) })]);
    var rendered = el("td", { className: "rendered" }, d.rendered ? [
      el("span", { className: "ref-text", lang: d.style !== "chicago-notes" ? "zh-Hans" : "en", text: d.rendered }), " ",
      el("button", { type: "button", className: "copy", title: "复制 Copy" }, ["复制 ", el("span", { lang: "en", text: "Copy" })]), " ",
      el("span", { className: "meta", text: d.style })] : [el("span", { className: "meta", text: "—" })]);
    var info = lazy.docs[d.doc] || [d.doc, "#"];
    var docCell = el("td", { className: "doc", "data-doc": d.doc }, [
      el("a", { href: info[1], lang: "zh-Hans", text: info[0] }), " ", el("span", { className: "meta", text: d.doc })]);
    return el("tr", { id: d.id }, [first, work, quote, sentence, el("td", {}, concepts), note, rendered, docCell]);
  }

  /* Show the matching rows of one table, one page of them when there are more than
     pageSize; the pager appears only then. Returns the number of matching rows. */
  function paint(table, terms, doc) {
    var matching = rowsOf(table).filter(function (row) { return matches(row, terms, doc); });
    var pages = Math.max(1, Math.ceil(matching.length / pageSize));
    var page = Math.min(pageOf.get(table) || 0, pages - 1);
    pageOf.set(table, page);
    var slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    if (records.has(table)) {
      var body = table.tBodies[0];
      while (body.firstChild) { body.removeChild(body.firstChild); }
      slice.forEach(function (item) { body.appendChild(nodeOf(item)); });
    } else {
      var shown = new Set(slice);
      rowsOf(table).forEach(function (row) { row.hidden = !shown.has(row); });
    }
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

  function key(item, col, numeric) {
    var cell = nodeOf(item).cells[col];
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
    if (records.has(table)) {
      records.set(table, rows.map(function (r) { return r.row; }));
    } else {
      var body = table.tBodies[0];
      rows.forEach(function (r) { body.appendChild(r.row); });
    }
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

  /* A link to a row (or a passage's anchor) of a lazy table: show the page holding it. */
  function showTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || document.getElementById(id)) { return; }
    records.forEach(function (items, table) {
      items.forEach(function (item, i) {
        if (item.data.id !== id && (item.data.anchors || []).indexOf(id) === -1) { return; }
        filter.value = "";
        if (docSelect) { docSelect.value = ""; }
        pageOf.clear();
        pageOf.set(table, Math.floor(i / pageSize));
        applyFilter();
      });
    });
    var target = document.getElementById(id);
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", showTarget);

  applyFilter();
  showTarget();
  window.marxkgCitations = { filter: applyFilter, sortBy: sortBy };
  MKG.ready();
}());
