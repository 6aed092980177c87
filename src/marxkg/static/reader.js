/* marxkg reader: concept and footnote panels, English toggle, sentence alignment hover. */
(function () {
  "use strict";
  var el = MKG.el, bi = MKG.bi;
  var data = MKG.readJSON("mkg-data");
  var panel = new MKG.Panel(document.getElementById("panel"));

  function clearActive() {
    Array.prototype.forEach.call(document.querySelectorAll("mark.mention.active"), function (m) {
      m.classList.remove("active");
    });
  }
  panel.onclose = clearActive;

  function openConcept(slug) {
    var c = data.concepts[slug];
    if (!c) { return false; }
    var parts = MKG.conceptHeader(c, data);
    parts.push(el("p", { className: "meta", text: "本文中提及 " + c.inDocument + " 次 · " +
      c.inDocument + " mentions in this paper" }));
    parts.push(el("p", {}, [el("a", { href: c.href, className: "to-map",
      text: "在概念图中查看 Open in the concept map" })]));
    panel.show(parts, "concept", slug);
    clearActive();
    Array.prototype.forEach.call(document.querySelectorAll("mark.mention"), function (m) {
      if (m.getAttribute("data-concept") === slug) { m.classList.add("active"); }
    });
    return true;
  }

  function field(zh, en, value) {
    if (value === undefined || value === null || value === "" ||
        (Array.isArray(value) && !value.length)) { return null; }
    return el("li", {}, [el("span", { className: "field", text: zh + " " + en + "：" }),
      Array.isArray(value) ? value.join("、") : String(value)]);
  }

  function referenceItem(r) {
    var items = [
      field("类型", "kind", bi(r.kindLabel, "zh") + " · " + bi(r.kindLabel, "en") +
        (r.see ? "（参见 see）" : "")),
      field("作者", "author", r.authors),
      field("题名", "title", r.title),
      field("译者", "translator", r.translators),
      field("期刊/报纸", "in", r.journal),
      field("期", "issue", r.issue),
      field("出版地", "place", r.place),
      field("出版者", "publisher", r.publisher),
      field("年份", "year", r.date || r.year),
      field("卷", "volume", r.volume),
      field("页码", "pages", r.pages),
      field("网址", "URL", r.url)
    ];
    var passages = (r.passages || []).map(function (p) {
      var conf = p.confidence ? " [" + p.confidence + "]" : "";
      return el("li", { className: "passage" }, [
        el("a", { href: p.href, lang: "zh-Hans", text: bi(p.label, "zh") }),
        p.work && (p.work.zh || p.work.en) ?
          el("p", { className: "meta", text: [p.work.zh, p.work.en].filter(Boolean).join(" · ") + conf }) : null,
        p.location && p.location.zh ? el("p", { lang: "zh-Hans", text: p.location.zh }) : null,
        p.location && p.location.en ? el("p", { className: "en", lang: "en", text: p.location.en }) : null
      ]);
    });
    return el("li", { className: "reference" }, [
      el("ul", { className: "fields" }, items),
      passages.length ? el("p", { className: "meta", text: "所引页面 Cited passages" }) : null,
      passages.length ? el("ul", {}, passages) : null
    ]);
  }

  function openNote(n) {
    var note = data.notes[String(n)];
    if (!note) { return false; }
    var parts = [
      el("h2", { text: "注 " + note.label }),
      el("p", { className: "meta", text: "第 " + note.n + " 条注释（第 " + note.group +
        " 页组）· note " + note.n + " (page block " + note.group + ")" }),
      el("p", { className: "note-text", lang: "zh-Hans", text: note.text }),
      note.en ? el("p", { className: "en", lang: "en", text: note.en }) : null
    ];
    if (note.quotations.length) {
      parts.push(el("h3", { text: "所引原文 Quotations" }));
      note.quotations.forEach(function (q) {
        parts.push(el("p", { className: "evidence", lang: "zh-Hans", text: "“" + q + "”" }));
      });
    }
    if (note.refs.length) {
      parts.push(el("h3", { text: "文献 References" }));
      parts.push(el("ol", { className: "references" }, note.refs.map(referenceItem)));
    }
    panel.show(parts, "note", String(n));
    clearActive();
    return true;
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    var marker = t.closest("sup.fn-marker a");
    if (marker) {
      ev.preventDefault();
      openNote(marker.getAttribute("data-note"));
      return;
    }
    var mention = t.closest("mark.mention");
    if (mention) { openConcept(mention.getAttribute("data-concept")); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !(ev.target instanceof Element)) { return; }
    if (ev.target.matches("mark.mention")) { openConcept(ev.target.getAttribute("data-concept")); }
  });

  /* hovering a sentence highlights its translation (and back) */
  var lit = [];
  document.addEventListener("mouseover", function (ev) {
    var t = ev.target instanceof Element ? ev.target.closest(".s[data-s]") : null;
    lit.forEach(function (n) { n.classList.remove("aligned"); });
    lit = [];
    if (!t) { return; }
    var key = t.getAttribute("data-s");
    lit = Array.prototype.slice.call(document.querySelectorAll('.s[data-s="' + key + '"]'));
    lit.forEach(function (n) { n.classList.add("aligned"); });
  });

  var toggleEn = document.getElementById("toggle-en");
  if (toggleEn) {
    toggleEn.addEventListener("change", function () {
      document.body.classList.toggle("hide-en", !toggleEn.checked);
    });
  }
  var toggleHl = document.getElementById("toggle-highlight");
  toggleHl.addEventListener("change", function () {
    document.body.classList.toggle("no-highlight", !toggleHl.checked);
  });

  /* permalinks: #s<i> (sentence), #b<i> (section or paragraph), #fn-<n> (note), and
     #char=B,E (a sentence's IRI fragment: the sentence holding offset B); the target
     sentence is highlighted in both languages */
  function sentenceAt(begin) {
    var sents = data.sentences || [];
    for (var i = 0; i < sents.length; i++) {
      if (sents[i][0] <= begin && begin < sents[i][1]) { return i; }
    }
    return null;
  }
  function markTarget() {
    Array.prototype.forEach.call(document.querySelectorAll(".s.targeted"), function (n) {
      n.classList.remove("targeted");
    });
    var hash = window.location.hash, m, s = null;
    if ((m = /^#s(\d+)$/.exec(hash))) { s = m[1]; }
    else if ((m = /^#char=(\d+),(\d+)$/.exec(hash))) { s = sentenceAt(parseInt(m[1], 10)); }
    if (s === null) { return null; }
    var nodes = document.querySelectorAll('.s[data-s="' + s + '"]');
    Array.prototype.forEach.call(nodes, function (n) { n.classList.add("targeted"); });
    /* #s<i> is an element's id (the browser scrolls to it); #char= is not */
    if (m && m[2] !== undefined && nodes.length) { nodes[0].scrollIntoView({ block: "center" }); }
    return nodes.length ? nodes[0] : null;
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
  /* a click on a sentence (not on a mention or a marker) makes it the page's permalink */
  document.addEventListener("click", function (ev) {
    var t = ev.target instanceof Element ? ev.target : null;
    if (!t || t.closest("a, mark.mention, button, input")) { return; }
    var s = t.closest('.zh .s[id]');
    var sel = window.getSelection ? String(window.getSelection()) : "";
    if (!s || sel) { return; }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + s.id);
    }
    markTarget();
  });

  /* find in the page: sentences (Chinese and English) containing the text */
  var find = document.getElementById("find");
  var findCount = document.getElementById("find-count");
  var hits = [], current = -1;
  function runFind() {
    var q = find.value.trim().toLowerCase();
    hits.forEach(function (n) { n.classList.remove("hit", "current"); });
    hits = [];
    current = -1;
    if (!q) { findCount.textContent = ""; return hits; }
    Array.prototype.forEach.call(document.querySelectorAll("main .s[data-s]"), function (n) {
      if (n.textContent.toLowerCase().indexOf(q) !== -1) { hits.push(n); n.classList.add("hit"); }
    });
    findCount.textContent = hits.length ? "0 / " + hits.length : "无结果 no match";
    return hits;
  }
  function nextHit(step) {
    if (!hits.length) { return null; }
    if (current >= 0) { hits[current].classList.remove("current"); }
    current = (current + step + hits.length) % hits.length;
    var n = hits[current];
    n.classList.add("current");
    n.scrollIntoView({ block: "center" });
    findCount.textContent = (current + 1) + " / " + hits.length;
    return n;
  }
  find.addEventListener("input", runFind);
  find.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      if (!hits.length) { runFind(); }
      nextHit(ev.shiftKey ? -1 : 1);
    }
  });

  window.marxkgReader = { openConcept: openConcept, openNote: openNote, data: data,
    find: runFind, nextHit: nextHit };
  MKG.ready();
}());
