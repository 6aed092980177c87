/* marxkg concept map: vis-network over the embedded JSON; side panel, search, zh/en labels. */
(function () {
  "use strict";
  var el = MKG.el, bi = MKG.bi;
  var graph = MKG.readJSON("mkg-graph");
  var data = MKG.readJSON("mkg-data");
  var concepts = data.concepts;
  var nodes = new vis.DataSet(graph.nodes);
  var edges = new vis.DataSet(graph.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, graph.options);
  var panel = new MKG.Panel(document.getElementById("panel"));
  var status = document.getElementById("map-status");
  var language = "zh";
  var currentDoc = "";  /* "" = every document */
  var documents = data.documents || [];
  var docTitle = {};
  documents.forEach(function (d) { docTitle[d.id] = d.title; });

  /* The layout is computed at build time (physics off): the map is stable once drawn. */
  network.once("afterDrawing", function () {
    status.hidden = true;
    document.body.setAttribute("data-stable", "true");
    MKG.ready();
    if (window.location.hash.length > 1) { fromHash(); }
  });
  network.fit({ animation: false });

  function label(slug) {
    var c = concepts[slug];
    return c ? bi(c.labels, language) : slug;
  }

  function conceptLink(slug) {
    var c = concepts[slug];
    if (!c) { return el("span", { text: slug }); }
    return el("a", { href: "#" + slug, "data-concept": slug, className: "concept-link" }, [
      el("span", { className: "dot scheme-" + c.scheme }),
      el("span", { lang: "zh-Hans", text: c.labels.zh }), " ",
      el("span", { className: "en", lang: "en", text: c.labels.en })
    ]);
  }

  function linkList(title, slugs) {
    if (!slugs || !slugs.length) { return null; }
    return el("section", {}, [
      el("h3", { text: title }),
      el("ul", {}, slugs.map(function (s) { return el("li", {}, [conceptLink(s)]); }))
    ]);
  }

  function evidenceItem(key) {
    var e = data.sentences[key];
    if (!e || (currentDoc && e.doc !== currentDoc)) { return null; }
    return el("div", { className: "evidence", "data-doc": e.doc }, [
      documents.length > 1 ? el("p", { className: "doc", text: bi(docTitle[e.doc], "zh") }) : null,
      el("p", { lang: "zh-Hans", text: e.zh }),
      e.en ? el("p", { className: "en", lang: "en", text: e.en }) : null,
      el("p", { className: "meta" }, [
        el("a", { href: e.href, text: "在阅读页中查看 Open in the reader" })
      ])
    ]);
  }

  function counterpartItem(ref) {
    var k = data.correspondences[ref.id];
    if (!k) { return null; }
    var kind = (data.kinds || {})[k.kind] || {};
    var dims = (k.dimensions || []).map(function (d) {
      var dim = (data.dimensions || {})[d] || {};
      return el("span", { className: "badge plain", text: bi(dim, "zh") + " " + bi(dim, "en") });
    });
    var arrow = ref.role === "marx" ? "→ " : "← ";
    return el("li", { className: "counterpart" }, [
      el("p", {}, [arrow, conceptLink(ref.other)]),
      el("p", { className: "meta" }, (k.kind ? [el("span", {
        className: "badge kind", text: bi(kind, "zh") + " " + bi(kind, "en") })] : []).concat(dims)),
      k.note && k.note.zh ? el("p", { lang: "zh-Hans", text: k.note.zh }) : null,
      k.note && k.note.en ? el("p", { className: "en", lang: "en", text: k.note.en }) : null
    ].concat((k.evidence || []).map(evidenceItem)));
  }

  function citationItem(cite) {
    var p = data.passages[cite.passage];
    if (!p) { return null; }
    var conf = p.confidence ? "（" + p.confidence + "）" : "";
    return el("li", { className: "citation" }, [
      el("a", { href: p.href, lang: "zh-Hans", text: bi(p.label, "zh") }),
      p.label.en ? el("span", { className: "en", lang: "en", text: " · " + p.label.en }) : null,
      p.work && (p.work.zh || p.work.en) ?
        el("p", { className: "meta", text: [p.work.zh, p.work.en].filter(Boolean).join(" · ") + conf }) : null,
      p.location && p.location.zh ? el("p", { lang: "zh-Hans", text: p.location.zh }) : null,
      p.location && p.location.en ? el("p", { className: "en", lang: "en", text: p.location.en }) : null,
      el("p", { className: "meta", text: cite.basis.map(function (b) {
        return b === "source" ? "本体引证 cited by the ontology for this concept"
          : "论文在提及该概念的句子中引用 cited in a sentence mentioning it";
      }).join("; ") })
    ]);
  }

  function mentionsOf(slug) {
    if (!currentDoc) { return concepts[slug] ? concepts[slug].mentions : 0; }
    return ((data.byDoc || {})[slug] || {})[currentDoc] || 0;
  }

  /* The sentences the page holds for a concept (evidence first, then examples of each
     document), limited to the selected document. */
  function conceptSentences(slug) {
    var c = concepts[slug], seen = {}, out = [];
    function add(key) {
      var e = data.sentences[key];
      if (!e || seen[key] || (currentDoc && e.doc !== currentDoc)) { return; }
      seen[key] = true;
      out.push(key);
    }
    (c.evidence || []).forEach(add);
    var ex = (data.examples || {})[slug] || {};
    documents.forEach(function (d) { (ex[d.id] || []).forEach(add); });
    return out;
  }

  function sentencesCSV(slug) {
    var c = concepts[slug];
    var evidence = {};
    (c.evidence || []).forEach(function (k) { evidence[k] = true; });
    var rows = [["concept", "label_zh", "label_en", "document", "sentence", "evidence",
      "zh", "en", "reader"]];
    conceptSentences(slug).forEach(function (key) {
      var e = data.sentences[key];
      rows.push([slug, c.labels.zh, c.labels.en, e.doc, e.s, evidence[key] ? "yes" : "no",
        e.zh, e.en || "", e.href]);
    });
    return MKG.csv(rows);
  }

  function openConcept(slug) {
    var c = concepts[slug];
    if (!c) { return false; }
    var parts = MKG.conceptHeader(c, data);
    var n = mentionsOf(slug);
    var where = currentDoc ? "所选文献" : (documents.length > 1 ? "全部文献" : "论文");
    var whereEn = currentDoc ? "the selected document" :
      (documents.length > 1 ? "all " + documents.length + " documents" : "the paper");
    parts.push(el("p", { className: "meta", text: where + "中提及 " + n + " 次 · mentioned " +
      n + " times in " + whereEn }));
    if (documents.length > 1 && !currentDoc) {
      var by = (data.byDoc || {})[slug] || {};
      parts.push(el("ul", { className: "by-doc meta" }, documents.filter(function (d) {
        return by[d.id]; }).map(function (d) {
        return el("li", {}, [el("a", { href: d.href, text: bi(d.title, "zh") }), " " + by[d.id]]);
      })));
    }
    if (c.counterparts.length) {
      parts.push(el("h3", { text: "对应关系 Correspondences" }));
      parts.push(el("ul", { className: "counterparts" }, c.counterparts.map(counterpartItem)));
    }
    parts.push(linkList("上位概念 Broader", c.broader));
    parts.push(linkList("下位概念 Narrower", c.narrower));
    parts.push(linkList("回应的困境 Answers", c.answers));
    parts.push(linkList("社会主义应用的回应 Answered by", c.answeredBy));
    parts.push(linkList("相关概念 Related", c.related));
    var keys = conceptSentences(slug);
    if (keys.length) {
      parts.push(el("h3", { text: "依据与例句 Evidence and example sentences (" + keys.length + ")" }));
      parts.push(el("p", { className: "csv" }, [el("button", { type: "button", id: "export-csv",
        onclick: function () { MKG.download(slug + "-sentences.csv", sentencesCSV(slug), "text/csv"); },
        text: "下载句子 CSV · Download sentences (CSV)" })]));
      keys.forEach(function (e) { parts.push(evidenceItem(e)); });
    }
    if (c.citations.length) {
      parts.push(el("h3", { text: "马克思引文 Marx citations" }));
      parts.push(el("ul", {}, c.citations.map(citationItem)));
    }
    panel.show(parts, "concept", slug);
    network.selectNodes([slug]);
    return true;
  }

  function focusConcept(slug) {
    if (!nodes.get(slug)) { return false; }
    network.focus(slug, { scale: Math.max(network.getScale(), 1.0), animation: false });
    return openConcept(slug);
  }

  function fromHash() {
    var slug = decodeURIComponent(window.location.hash.slice(1));
    if (concepts[slug]) { focusConcept(slug); }
  }

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) {
      var slug = params.nodes[0];
      openConcept(slug);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", "#" + slug);
      }
    }
  });
  window.addEventListener("hashchange", fromHash);
  panel.onclose = function () { network.unselectAll(); };

  function setLanguage(lang) {
    language = lang === "en" ? "en" : "zh";
    /* label only: the nodes carry no vis "group", so their colour stays as built */
    nodes.update(nodes.getIds().map(function (id) { return { id: id, label: label(id) }; }));
    edges.update(edges.get({ filter: function (e) { return e.kind === "counterpart"; } })
      .map(function (e) { return { id: e.id, label: bi(e.labels, language) }; }));
    Array.prototype.forEach.call(document.querySelectorAll(".lang-toggle button"), function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-lang") === language ? "true" : "false");
    });
    document.body.setAttribute("data-lang", language);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".lang-toggle button"), function (b) {
    b.addEventListener("click", function () { setLanguage(b.getAttribute("data-lang")); });
  });

  /* search over every label (zh/en/de, alternative and hidden labels) */
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var haystack = Object.keys(concepts).sort().map(function (slug) {
    var c = concepts[slug];
    var all = [slug, c.labels.zh, c.labels.en, c.labels.de || ""].concat(c.alt || []);
    return { slug: slug, text: all.join("\n").toLowerCase(),
             labels: all.filter(Boolean).map(function (l) { return l.toLowerCase(); }) };
  });
  /* exact label first, then labels starting with the query, then the rest */
  function rank(h, q) {
    if (h.labels.indexOf(q) !== -1) { return 0; }
    return h.labels.some(function (l) { return l.indexOf(q) === 0; }) ? 1 : 2;
  }
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!q) { results.hidden = true; network.unselectAll(); return []; }
    var hits = haystack.filter(function (h) { return h.text.indexOf(q) !== -1; })
      .map(function (h) { return { slug: h.slug, rank: rank(h, q) }; })
      .sort(function (a, b) { return a.rank - b.rank || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0); })
      .map(function (h) { return h.slug; });
    hits.slice(0, 30).forEach(function (slug) {
      results.appendChild(el("li", {}, [el("button", { type: "button", "data-concept": slug,
        onclick: function () { closeResults(); focusConcept(slug); } }, [
        el("span", { lang: "zh-Hans", text: concepts[slug].labels.zh }), " ",
        el("span", { className: "en", lang: "en", text: concepts[slug].labels.en })])]));
    });
    if (!hits.length) { results.appendChild(el("li", { className: "meta", text: "无结果 No match" })); }
    results.hidden = false;
    network.selectNodes(hits);
    return hits;
  }
  function closeResults() { results.hidden = true; }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      var hits = runSearch();
      closeResults();
      if (hits.length) { focusConcept(hits[0]); }
    } else if (ev.key === "Escape") {
      closeResults();
    }
  });
  document.addEventListener("click", function (ev) {
    if (!(ev.target instanceof Element) || !ev.target.closest(".search")) { closeResults(); }
  });

  /* legend: tick boxes filter the nodes by scheme and by dimension */
  var filterBoxes = Array.prototype.slice.call(document.querySelectorAll("#legend input[data-filter]"));
  function applyFilter() {
    var off = { scheme: {}, dimension: {} };
    filterBoxes.forEach(function (b) {
      if (!b.checked) { off[b.getAttribute("data-filter")][b.value] = true; }
    });
    nodes.update(nodes.get().map(function (n) {
      return { id: n.id, hidden: !!(off.scheme[n.scheme] || off.dimension[n.dimension]) };
    }));
  }
  filterBoxes.forEach(function (b) { b.addEventListener("change", applyFilter); });

  /* document selector: node sizes and the panel follow one document (or all) */
  function nodeSize(n) {
    var s = data.size;
    return Math.round(Math.min(s.base + s.factor * Math.sqrt(n), s.max) * 100) / 100;
  }
  function setDocument(id) {
    currentDoc = id || "";
    nodes.update(nodes.getIds().map(function (slug) {
      return { id: slug, size: nodeSize(mentionsOf(slug)) };
    }));
    var open = document.getElementById("panel");
    if (!open.hidden && open.getAttribute("data-kind") === "concept") {
      openConcept(open.getAttribute("data-key"));
    }
  }
  var docSelect = document.getElementById("doc-select");
  if (docSelect) {
    docSelect.addEventListener("change", function () { setDocument(docSelect.value); });
  }

  /* exports: the drawn canvas as PNG, the visible network as SVG */
  function exportPNG() {
    var src = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = src.width;
    out.height = src.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, 0);
    out.toBlob(function (blob) { MKG.download("concept-map.png", blob); }, "image/png");
  }

  var SVGNS = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, text) {
    var node = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function polygon(x, y, r, points) {
    return points.map(function (p) { return (x + p[0] * r).toFixed(1) + "," + (y + p[1] * r).toFixed(1); }).join(" ");
  }
  var SHAPES = {
    triangle: [[0, -1.1], [1, 0.75], [-1, 0.75]],
    diamond: [[0, -1.2], [1.2, 0], [0, 1.2], [-1.2, 0]],
    star: [[0, -1.2], [0.28, -0.38], [1.14, -0.37], [0.45, 0.15], [0.7, 0.97], [0, 0.47],
      [-0.7, 0.97], [-0.45, 0.15], [-1.14, -0.37], [-0.28, -0.38]]
  };
  function toSVG() {
    var pos = network.getPositions();
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } });
    var visible = {};
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    shown.forEach(function (n) {
      var p = pos[n.id], r = n.size + 60;
      visible[n.id] = true;
      minX = Math.min(minX, p.x - r); maxX = Math.max(maxX, p.x + r);
      minY = Math.min(minY, p.y - n.size - 10); maxY = Math.max(maxY, p.y + n.size + 30);
    });
    if (!shown.length) { minX = minY = 0; maxX = maxY = 100; }
    var svg = svgEl("svg", { xmlns: SVGNS, width: Math.round(maxX - minX), height: Math.round(maxY - minY),
      viewBox: [minX, minY, maxX - minX, maxY - minY].map(Math.round).join(" "),
      "font-family": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif" });
    svg.appendChild(svgEl("title", {}, "marxkg concept map"));
    svg.appendChild(svgEl("rect", { x: minX, y: minY, width: maxX - minX, height: maxY - minY, fill: "#ffffff" }));
    edges.get().forEach(function (e) {
      if (!visible[e.from] || !visible[e.to]) { return; }
      var a = pos[e.from], b = pos[e.to];
      var color = (e.color && e.color.color) || "#e67e22";
      var attrs = { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
        stroke: color, "stroke-width": e.width || 1, "data-kind": e.kind };
      if (e.dashes) { attrs["stroke-dasharray"] = Array.isArray(e.dashes) ? e.dashes.join(" ") : "5 5"; }
      svg.appendChild(svgEl("line", attrs));
    });
    shown.forEach(function (n) {
      var p = pos[n.id], r = n.size, fill = n.color.background, shape;
      if (n.shape === "dot") { shape = svgEl("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r }); }
      else if (n.shape === "square") {
        shape = svgEl("rect", { x: (p.x - r).toFixed(1), y: (p.y - r).toFixed(1), width: 2 * r, height: 2 * r });
      } else { shape = svgEl("polygon", { points: polygon(p.x, p.y, r, SHAPES[n.shape] || SHAPES.diamond) }); }
      shape.setAttribute("fill", fill);
      shape.setAttribute("stroke", "#222222");
      shape.setAttribute("data-concept", n.id);
      svg.appendChild(shape);
      svg.appendChild(svgEl("text", { x: p.x.toFixed(1), y: (p.y + r + 16).toFixed(1), "text-anchor": "middle",
        "font-size": 15, fill: "#1b1b1b", stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke" },
        label(n.id)));
    });
    return new XMLSerializer().serializeToString(svg);
  }
  document.getElementById("export-png").addEventListener("click", exportPNG);
  document.getElementById("export-svg").addEventListener("click", function () {
    MKG.download("concept-map.svg", toSVG(), "image/svg+xml");
  });

  window.marxkgMap = {
    network: network, nodes: nodes, edges: edges, concepts: concepts,
    openConcept: openConcept, focusConcept: focusConcept, setLanguage: setLanguage,
    language: function () { return language; }, search: runSearch,
    setDocument: setDocument, toSVG: toSVG, sentencesCSV: sentencesCSV,
    conceptSentences: conceptSentences
  };
}());
