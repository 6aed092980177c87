/* marxkg: helpers shared by the pages. Data is read from <script type="application/json">
   with textContent and written with textContent / createElement, never innerHTML. */
var MKG = (function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* Only relative links and fragments: anything with a scheme or starting with // is dropped. */
  function safeHref(href) {
    if (typeof href !== "string") { return "#"; }
    if (/^[a-zA-Z][a-zA-Z0-9+.\-]*:/.test(href) || href.indexOf("//") === 0 ||
        href.indexOf("\\") !== -1) { return "#"; }
    return href;
  }

  var ATTRS = { id: 1, title: 1, lang: 1, role: 1, type: 1, tabindex: 1, "aria-label": 1 };

  /* el("p", {text: "…", className: "en", lang: "en"}, [children]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    var k;
    props = props || {};
    for (k in props) {
      if (!Object.prototype.hasOwnProperty.call(props, k)) { continue; }
      var v = props[k];
      if (v === null || v === undefined) { continue; }
      if (k === "text") { node.textContent = String(v); }
      else if (k === "className") { node.className = v; }
      else if (k === "href") { node.setAttribute("href", safeHref(v)); }
      else if (k === "onclick") { node.addEventListener("click", v); }
      else if (k.indexOf("data-") === 0 || ATTRS[k]) { node.setAttribute(k, String(v)); }
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) { return; }
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function Panel(aside) {
    this.aside = aside;
    this.body = aside.querySelector(".panel-body");
    var self = this;
    aside.querySelector(".panel-close").addEventListener("click", function () { self.close(); });
    window.addEventListener("resize", function () { self.place(); });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { self.close(); }
    });
  }
  /* below the (sticky) page header, whatever its height */
  Panel.prototype.place = function () {
    var header = document.querySelector(".site-header");
    var top = header ? Math.max(header.getBoundingClientRect().bottom, 0) : 0;
    this.aside.style.top = Math.round(top + 8) + "px";
  };
  Panel.prototype.show = function (children, kind, key) {
    this.place();
    while (this.body.firstChild) { this.body.removeChild(this.body.firstChild); }
    var body = this.body;
    children.forEach(function (c) { if (c) { body.appendChild(c); } });
    this.aside.setAttribute("data-kind", kind || "");
    this.aside.setAttribute("data-key", key || "");
    this.aside.hidden = false;
    this.aside.scrollTop = 0;
  };
  Panel.prototype.close = function () {
    this.aside.hidden = true;
    if (this.onclose) { this.onclose(); }
  };

  function bi(obj, lang) { return (obj && (obj[lang] || obj.zh || obj.en)) || ""; }

  /* Heading, labels (zh/en/de), scheme, dimensions and definitions of a concept. */
  function conceptHeader(c, vocab) {
    var scheme = (vocab.schemes || {})[c.scheme] || {};
    var out = [
      el("h2", { lang: "zh-Hans", text: c.labels.zh }),
      el("p", { className: "sub en", lang: "en", text: c.labels.en }),
      c.labels.de ? el("p", { className: "sub", lang: "de", text: "de: " + c.labels.de }) : null,
      el("p", { className: "meta" }, [
        el("span", { className: "badge scheme-" + c.scheme, text: bi(scheme, "zh") + " · " + bi(scheme, "en") })
      ].concat((c.dimensions || []).map(function (d) {
        var dim = (vocab.dimensions || {})[d] || {};
        return el("span", { className: "badge plain", text: bi(dim, "zh") + " " + bi(dim, "en") });
      })))
    ];
    if (c.definition && (c.definition.zh || c.definition.en)) {
      out.push(el("h3", { text: "定义 Definition" }));
      if (c.definition.zh) { out.push(el("p", { lang: "zh-Hans", text: c.definition.zh })); }
      if (c.definition.en) { out.push(el("p", { className: "en", lang: "en", text: c.definition.en })); }
    }
    return out;
  }

  /* Save a Blob (or text) as a file: a temporary blob: URL, nothing leaves the page. */
  function download(name, content, type) {
    var blob = content instanceof Blob ? content : new Blob([content], { type: type || "text/plain" });
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.setAttribute("href", url);
    a.setAttribute("download", name);
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* RFC 4180 CSV (CRLF, every field quoted), with a BOM so that spreadsheets read UTF-8. */
  function csv(rows) {
    return "\ufeff" + rows.map(function (row) {
      return row.map(function (v) {
        var text = String(v === null || v === undefined ? "" : v);
        if (/^[=+@\t\r]/.test(text)) { text = "'" + text; }  /* no formula injection */
        return '"' + text.replace(/"/g, '""') + '"';
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  /* The page is interactive: <body data-ready="true"> (bench/bench_pages.py, tests). */
  function ready() { document.body.setAttribute("data-ready", "true"); }

  return { readJSON: readJSON, safeHref: safeHref, el: el, Panel: Panel, bi: bi,
           conceptHeader: conceptHeader, download: download, csv: csv, ready: ready };
})();
