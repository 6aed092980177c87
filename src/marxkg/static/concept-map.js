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

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    status.hidden = true;
    document.body.setAttribute("data-stable", "true");
    if (window.location.hash.length > 1) { fromHash(); }
  });

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
    if (!e) { return null; }
    return el("div", { className: "evidence" }, [
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

  function openConcept(slug) {
    var c = concepts[slug];
    if (!c) { return false; }
    var parts = MKG.conceptHeader(c, data);
    parts.push(el("p", { className: "meta", text: "论文中提及 " + c.mentions + " 次 · mentioned " +
      c.mentions + " times in the paper" }));
    if (c.counterparts.length) {
      parts.push(el("h3", { text: "对应关系 Correspondences" }));
      parts.push(el("ul", { className: "counterparts" }, c.counterparts.map(counterpartItem)));
    }
    parts.push(linkList("上位概念 Broader", c.broader));
    parts.push(linkList("下位概念 Narrower", c.narrower));
    parts.push(linkList("回应的困境 Answers", c.answers));
    parts.push(linkList("社会主义应用的回应 Answered by", c.answeredBy));
    parts.push(linkList("相关概念 Related", c.related));
    if (c.evidence.length) {
      parts.push(el("h3", { text: "论文依据 Evidence in the paper" }));
      c.evidence.forEach(function (e) { parts.push(evidenceItem(e)); });
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
    return { slug: slug, text: all.join("\n").toLowerCase() };
  });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    while (results.firstChild) { results.removeChild(results.firstChild); }
    if (!q) { results.hidden = true; network.unselectAll(); return []; }
    var hits = haystack.filter(function (h) { return h.text.indexOf(q) !== -1; })
      .map(function (h) { return h.slug; });
    hits.slice(0, 30).forEach(function (slug) {
      results.appendChild(el("li", {}, [el("button", { type: "button", "data-concept": slug,
        onclick: function () { focusConcept(slug); } }, [
        el("span", { lang: "zh-Hans", text: concepts[slug].labels.zh }), " ",
        el("span", { className: "en", lang: "en", text: concepts[slug].labels.en })])]));
    });
    if (!hits.length) { results.appendChild(el("li", { className: "meta", text: "无结果 No match" })); }
    results.hidden = false;
    network.selectNodes(hits);
    return hits;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var hits = runSearch();
      if (hits.length) { focusConcept(hits[0]); }
    }
  });

  window.marxkgMap = {
    network: network, nodes: nodes, edges: edges, concepts: concepts,
    openConcept: openConcept, focusConcept: focusConcept, setLanguage: setLanguage,
    language: function () { return language; }, search: runSearch
  };
}());
