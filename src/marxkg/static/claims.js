/* marxkg claims page: one row of a quantitative claim, built from its JSON record
   (html/claims.py row_json) when the page carries its rows as JSON (above INLINE_ROWS
   claims); the same cells as templates/claims.html writes, text only, never markup. The
   table machinery (document selector, filter, paging, sorting) is citations.js. */
(function () {
  "use strict";
  var el = MKG.el;

  function source(d) {
    var head = d.markerHref ?
      [el("a", { href: d.markerHref, text: d.noteLabel }), " ",
        el("span", { className: "meta", text: d.note === undefined ? "" : String(d.note) })] :
      [el("span", { className: "unsourced-mark" }, ["无来源 ", el("span", { lang: "en", text: "unsourced" })])];
    var meta = [d.resolution.zh + " ", el("span", { lang: "en", text: d.resolution.en })];
    if (d.characterization) {
      meta.push(" · " + d.characterization.zh + " ", el("span", { lang: "en", text: d.characterization.en }));
    }
    return el("td", {}, head.concat([el("div", { className: "meta" }, meta)]));
  }

  function build(d, docs) {
    var info = docs[d.doc] || [d.doc, "#"];
    return el("tr", { id: d.id }, [
      el("td", { "data-key": d.order, text: String(d.n) }),
      el("td", { className: "figure" }, [
        d.qualifier ? el("span", { className: "qualifier", text: d.qualifier }) : null,
        el("span", { lang: "zh-Hans", text: d.printed }),
        el("span", { className: "value", text: d.value })]),
      el("td", { lang: "zh-Hans", text: d.measured }),
      el("td", { text: (d.place || "") + (d.place && d.time ? " · " : "") + (d.time || "") }),
      el("td", {}, [
        el("a", { href: d.sentenceHref, lang: "zh-Hans", className: "sentence", text: d.sentence }),
        d.sentenceEn ? el("div", { className: "en", lang: "en", text: d.sentenceEn }) : null]),
      source(d),
      el("td", { className: "doc", "data-doc": d.doc }, [
        el("a", { href: info[1], lang: "zh-Hans", text: info[0] }), " ",
        el("span", { className: "meta", text: d.doc })])
    ]);
  }

  /* What the filter searches: the text of the row's cells. */
  function text(d, docs) {
    var parts = [String(d.n), d.qualifier, d.printed, d.value, d.measured, d.place, d.time,
      d.sentence, d.sentenceEn, d.noteLabel, d.note === undefined ? "" : String(d.note),
      d.resolution.zh, d.resolution.en, d.doc, (docs[d.doc] || [""])[0]];
    if (!d.markerHref) { parts.push("无来源 unsourced"); }
    if (d.characterization) { parts.push(d.characterization.zh, d.characterization.en); }
    return parts.filter(Boolean).join(" ").toLowerCase();
  }

  MKG.rows = MKG.rows || {};
  MKG.rows.claims = { build: build, text: text };
}());
