/* marxkg query page: named queries, a CodeMirror SPARQL editor, results from /sparql (the
   guarded endpoint) as a table with CSV/JSON download; IRIs link to the site's pages. */
(function () {
  "use strict";
  var el = MKG.el;
  var data = MKG.readJSON("mkg-queries");
  var base = data.base;
  var editor = CodeMirror.fromTextArea(document.getElementById("editor"), {
    mode: "application/sparql-query", lineNumbers: true, indentUnit: 2, viewportMargin: Infinity,
    extraKeys: { "Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); } }
  });
  var list = document.getElementById("named-list");
  var info = document.getElementById("query-info");
  var params = document.getElementById("params");
  var status = document.getElementById("status");
  var errorBox = document.getElementById("error");
  var results = document.getElementById("results");
  var csvButton = document.getElementById("download-csv");
  var jsonButton = document.getElementById("download-json");
  var current = null;      /* the named query shown */
  var lastNamedText = "";  /* the editor text as the named query put it there */
  var last = null;         /* the last SPARQL JSON result */
  var byName = {};

  /* --- named queries -------------------------------------------------------------- */
  data.queries.forEach(function (q) {
    byName[q.name] = q;
    var ps = q.params.map(function (p) { return "?" + p.name; }).join(" ");
    list.appendChild(el("li", {}, [el("button", { type: "button", "data-query": q.name,
      "aria-pressed": "false", onclick: function () { selectQuery(q.name); } }, [
      el("span", { className: "name", text: q.name }),
      el("span", { className: "desc", lang: "en", text: q.description }),
      ps ? el("span", { className: "ps", text: ps }) : null
    ])]));
  });

  function selectQuery(name) {
    var q = byName[name];
    if (!q) { return false; }
    current = q;
    Array.prototype.forEach.call(list.querySelectorAll("button"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-query") === name ? "true" : "false");
    });
    while (info.firstChild) { info.removeChild(info.firstChild); }
    info.appendChild(el("h2", { text: q.name }));
    info.appendChild(el("p", { lang: "en", text: q.description }));
    if (q.tokens) {
      info.appendChild(el("p", { className: "meta", text: "需要词语层（marxkg serve --with-tokens） · " +
        "needs the token layer (marxkg serve --with-tokens)" }));
    }
    while (params.firstChild) { params.removeChild(params.firstChild); }
    q.params.forEach(function (p) {
      params.appendChild(el("label", {}, [
        "?" + p.name + " — " + p.takes,
        el("input", { type: "text", id: "param-" + p.name, "data-param": p.name,
          title: "default: " + p.default, "aria-label": p.name })
      ]));
      params.querySelector("#param-" + p.name).setAttribute("placeholder", "default: " + p.default);
    });
    params.hidden = !q.params.length;
    editor.setValue(q.text);
    lastNamedText = q.text;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + encodeURIComponent(name));
    }
    return true;
  }
  params.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  params.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); run(); }
  });

  /* --- running -------------------------------------------------------------------- */
  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  /* the project's prefixes (mkg:, concept:, skos:, ...) that the text uses without declaring
     them, declared first (as `marxkg query` does); an unused declaration is harmless */
  function withPrefixes(text) {
    var head = "";
    Object.keys(data.prefixes).sort().forEach(function (p) {
      var declared = new RegExp("PREFIX\\s+" + p + ":", "i").test(text);
      var used = new RegExp("(^|[^\\w:/#.-])" + p + ":", "m").test(text);
      if (used && !declared) { head += "PREFIX " + p + ": <" + data.prefixes[p] + ">\n"; }
    });
    return head + text;
  }

  function prepared() {
    /* a named query, unedited: bind its parameters on the server (same rules as
       `marxkg query --bind`); anything typed runs as typed, with the project's prefixes */
    if (!current || editor.getValue() !== lastNamedText) {
      return Promise.resolve(withPrefixes(editor.getValue()));
    }
    var qs = "name=" + encodeURIComponent(current.name);
    Array.prototype.forEach.call(params.querySelectorAll("input[data-param]"), function (i) {
      if (i.value.trim()) {
        qs += "&bind=" + encodeURIComponent(i.getAttribute("data-param") + "=" + i.value.trim());
      }
    });
    return fetch("/prepare?" + qs, { headers: { Accept: "application/json" } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.message || ("HTTP " + r.status)); }
          return body.query;
        });
      });
  }

  function run() {
    errorBox.hidden = true;
    status.textContent = "运行中… running…";
    csvButton.disabled = jsonButton.disabled = true;
    var started = Date.now();
    return prepared().then(function (text) {
      return fetch(data.endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   Accept: "application/sparql-results+json" },
        body: "query=" + encodeURIComponent(text)
      });
    }).then(function (r) {
      return r.text().then(function (body) {
        var parsed = null;
        try { parsed = JSON.parse(body); } catch (e) { parsed = null; }
        if (!r.ok) {
          throw new Error("HTTP " + r.status + (parsed && parsed.message ? ": " + parsed.message
            : (body ? ": " + body.slice(0, 500) : "")));
        }
        if (!parsed) { throw new Error("the endpoint's answer is not SPARQL JSON"); }
        var truncated = r.headers.get("X-marxkg-truncated") === "true";
        return { json: parsed, raw: body, truncated: truncated };
      });
    }).then(function (res) {
      last = res;
      var n = render(res.json);
      status.textContent = n + " 行 rows · " + (Date.now() - started) + " ms" +
        (res.truncated ? " · 已截断 truncated (row cap)" : "");
      csvButton.disabled = jsonButton.disabled = false;
      document.body.setAttribute("data-rows", String(n));
    }).catch(function (err) {
      status.textContent = "";
      last = null;
      while (results.firstChild) { results.removeChild(results.firstChild); }
      showError(String(err && err.message ? err.message : err));
      document.body.setAttribute("data-rows", "error");
    });
  }

  /* --- links from IRIs to the site's pages ------------------------------------------ */
  var anchors = {};
  Object.keys(data.anchors || {}).forEach(function (page) {
    var set = {};
    data.anchors[page].forEach(function (id) { set[id] = true; });
    anchors[page] = set;
  });
  function anchored(page, id) {
    return anchors[page] && anchors[page][id] ? "/" + page + "#" + encodeURIComponent(id) : null;
  }
  function hrefFor(iri) {
    if (iri.indexOf(base) !== 0) { return null; }
    var rest = iri.slice(base.length), m;
    if ((m = /^concept\/([^\/#]+)$/.exec(rest)) && data.pages.concept_map) {
      return "/concept-map.html#" + m[1];
    }
    if ((m = /^doc\/([a-z0-9-]+)(\/en)?(?:#char=(\d+),(\d+)|\/note\/(\d+)|)$/.exec(rest)) &&
        data.documents[m[1]] && data.documents[m[1]].reader) {
      var reader = "/" + m[1] + "/reader.html";
      if (m[5]) { return reader + "#fn-" + m[5]; }
      /* the reader finds the sentence at these offsets (reader.js) */
      if (m[3] && !m[2]) { return reader + "#char=" + m[3] + "," + m[4]; }
      return reader;
    }
    if ((m = /^edition\/(.+)$/.exec(rest))) {
      var pid = "p-" + m[1].toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
      return anchored("citations.html", pid) ||
        anchored("ontology.html", "passage-" + m[1].replace(/[^A-Za-z0-9]+/g, "-")) ||
        anchored("ontology.html", "edition-" + m[1].replace(/[^A-Za-z0-9]+/g, "-"));
    }
    if ((m = /^(correspondence|work|scheme)\/(.+)$/.exec(rest))) {
      var kind = { correspondence: "corr", work: "work", scheme: "scheme" }[m[1]];
      return anchored("ontology.html", kind + "-" + m[2].replace(/[^A-Za-z0-9]+/g, "-"));
    }
    if ((m = /^ontology#(\w+)$/.exec(rest))) {
      return anchored("ontology.html", "term-" + m[1]) || anchored("ontology.html", "dim-" + m[1]) ||
        anchored("ontology.html", "kind-" + m[1]);
    }
    return null;
  }

  function cell(term) {
    if (!term) { return el("td", {}); }
    if (term.type === "uri") {
      var href = hrefFor(term.value);
      return el("td", { className: "iri" }, [href ?
        el("a", { href: href, text: term.value, title: "在网站中打开 open in the site" }) : term.value]);
    }
    var lang = term["xml:lang"];
    return el("td", { lang: lang || null }, [term.value,
      lang ? el("span", { className: "lang", text: " @" + lang }) : null]);
  }

  function render(json) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (json.boolean !== undefined) {
      results.appendChild(el("p", { className: "ask", text: "ASK: " + json["boolean"] }));
      return 1;
    }
    var vars = json.head.vars || [];
    var rows = json.results.bindings || [];
    results.appendChild(el("table", {}, [
      el("thead", {}, [el("tr", {}, vars.map(function (v) { return el("th", { text: v }); }))]),
      el("tbody", {}, rows.map(function (row) {
        return el("tr", {}, vars.map(function (v) { return cell(row[v]); }));
      }))
    ]));
    return rows.length;
  }

  /* --- downloads -------------------------------------------------------------------- */
  function fileName(ext) { return (current && editor.getValue() === lastNamedText ? current.name : "query") + "." + ext; }
  csvButton.addEventListener("click", function () {
    if (!last) { return; }
    var json = last.json;
    var rows;
    if (json.boolean !== undefined) { rows = [["boolean"], [String(json["boolean"])]]; }
    else {
      var vars = json.head.vars || [];
      rows = [vars].concat((json.results.bindings || []).map(function (row) {
        return vars.map(function (v) { return row[v] ? row[v].value : ""; });
      }));
    }
    MKG.download(fileName("csv"), MKG.csv(rows), "text/csv");
  });
  jsonButton.addEventListener("click", function () {
    if (last) { MKG.download(fileName("json"), last.raw, "application/sparql-results+json"); }
  });
  document.getElementById("run").addEventListener("click", function () { run(); });

  if (window.location.hash.length > 1) { selectQuery(decodeURIComponent(window.location.hash.slice(1))); }
  window.marxkgQuery = { editor: editor, run: run, select: selectQuery, hrefFor: hrefFor };
  MKG.ready();
}());
