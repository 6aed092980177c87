"""One compliance test class run over every segmenter backend in ``SEGMENTERS``.

Expected values come from reading the paper (corpus/<doc-id>/source.md) and the
ontology's zh-Hans labels: 相对过剩人口, AI固定资本 and 资本主义应用 are labels that
the paper writes as one term and that jieba's dictionary alone splits (相对|过剩人口,
AI|固定资本, 资本主义|应用); 数据—信息—知识 is a label with dashes, which no jieba
backend can hold as one word. Plus a cross-backend check on the real paper: the fast
backend must give the reference (jieba) tokens; see docs/performance.md.
"""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest

from marxkg.nlp.segmenters import SEGMENTERS, get_segmenter

# Inputs that are easy to get wrong: every one must come back unchanged when joined.
TRICKY = {
    "empty": "",
    "mixed-latin-digits-cjk": "ChatGPT于2022年11月发布，GPT-4和COVID-19增长了5.5%",
    "ascii-spaces": "AI固定资本 与 Generative AI  与 Scaling Law",
    "leading-trailing-space": " 机器体系 ",
    "tabs-and-ideographic-space": "劳动资料\t\t固定资本\u3000技术基础",
    "newlines": "第一段。\n\n第二段\n第三段\r\n第四段\n",
    "only-whitespace": " \n\t\u3000\n",
    "circled-and-fullwidth": "①②③ⅣⅤ２０２３年（ｅｇ）",
    "dashes-and-quotes": "“数据—信息—知识”转化……——《资本论》",
    "long-run-of-one-char": "啊" * 20000,
    "long-run-then-text": "机" * 5000 + "器体系。" + "器" * 5000,
}

# (a phrase as the paper prints it, the ontology label that must come back as one token)
USER_WORDS = [
    ("制造失业与相对过剩人口，引致固定资本", "相对过剩人口"),
    ("云计算、大数据等AI固定资本投入。", "AI固定资本"),
    ("审视人工智能技术资本主义应用困境发现", "资本主义应用"),
]

# Labels with whitespace are never added (jieba cannot hold them as one word).
SPACED_LABELS = ["AI 技术", "Generative AI", "Scaling Law"]

# A label with punctuation is split around the dashes, the same by every backend.
DASHED = ("数据—信息—知识", ["数据", "—", "信息", "—", "知识"])

# The fast backend must reproduce the reference tokens of the paper exactly.
MAX_TOKEN_DIFFERENCES = 0

NONCE = "徐景一论机器"  # not in any dictionary: 徐|景|一|论|机器 without a user word


@pytest.fixture(scope="module")
def zh_labels(ontology):
    from marxkg.ontology import labels

    return sorted({lab.text for lab in labels(ontology, "zh-Hans")})


@pytest.fixture(scope="module", params=sorted(SEGMENTERS))
def backend(request):
    return request.param


@pytest.fixture(scope="module")
def seg(backend, zh_labels):
    """The backend as the build makes it: the ontology's zh labels as user words."""
    return get_segmenter(backend, zh_labels)


@pytest.fixture(scope="module")
def segmented_paper(paper, zh_labels):
    """Tokens and tags of the paper's reading text from every backend."""
    out = {}
    for name in sorted(SEGMENTERS):
        s = get_segmenter(name, zh_labels)
        out[name] = (s.cut(paper.text), s.tag(paper.text))
    return out


class TestSegmenterContract:
    """What every backend in SEGMENTERS promises (the ``Segmenter`` protocol)."""

    def test_registry_name(self, seg, backend):
        assert seg.name == backend
        assert isinstance(seg.version, str) and seg.version

    def test_cut_reproduces_paper(self, seg, paper):
        assert "".join(seg.cut(paper.text)) == paper.text

    def test_tag_reproduces_paper(self, seg, paper):
        assert "".join(w for w, _ in seg.tag(paper.text)) == paper.text

    @pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
    def test_cut_reproduces_input(self, seg, text):
        words = seg.cut(text)
        assert "".join(words) == text
        assert all(words), "no empty tokens"

    @pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
    def test_tag_reproduces_input(self, seg, text):
        pairs = seg.tag(text)
        assert "".join(w for w, _ in pairs) == text
        assert all(w for w, _ in pairs), "no empty tokens"

    @pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
    def test_tag_words_are_cut_words(self, seg, text):
        assert [w for w, _ in seg.tag(text)] == seg.cut(text)

    def test_tag_words_are_cut_words_on_paper(self, seg, paper):
        assert [w for w, _ in seg.tag(paper.text)] == seg.cut(paper.text)

    def test_empty_string(self, seg):
        assert seg.cut("") == []
        assert seg.tag("") == []

    def test_long_run_is_chunked(self, seg):
        # Completes (unchunked jieba is quadratic here); no timing assertion.
        text = TRICKY["long-run-of-one-char"]
        assert "".join(seg.cut(text)) == text

    def test_tags_are_nonempty_strings(self, seg, paper):
        for text in [paper.text, *TRICKY.values()]:
            bad = [(w, t) for w, t in seg.tag(text) if not (isinstance(t, str) and t)]
            assert bad == []

    @pytest.mark.parametrize("text, word", USER_WORDS, ids=[w for _, w in USER_WORDS])
    def test_user_word_kept_whole(self, seg, text, word):
        assert word in seg.cut(text)
        assert word in [w for w, _ in seg.tag(text)]

    @pytest.mark.parametrize("text, word", USER_WORDS, ids=[w for _, w in USER_WORDS])
    def test_dictionary_alone_splits_user_word(self, backend, text, word):
        # The user word is what keeps the label whole: without it the term is split.
        assert word not in get_segmenter(backend).cut(text)

    def test_words_with_spaces_are_not_added(self, backend, monkeypatch):
        added: list[str] = []
        cls = SEGMENTERS[backend]

        class Recording(cls):  # type: ignore[misc, valid-type]
            def add_word(self, word: str, tag: str = "nz") -> None:
                added.append(word)
                super().add_word(word, tag)

        monkeypatch.setitem(SEGMENTERS, backend, Recording)
        get_segmenter(backend, [*SPACED_LABELS, "相对过剩人口", ""])
        assert added == ["相对过剩人口"]

    def test_dashed_label_split_around_dashes(self, seg):
        label, expected = DASHED
        assert seg.cut(label) == expected
        assert seg.cut(f"“{label}”转化") == ["“", *expected, "”", "转化"]

    def test_instances_are_independent(self, backend):
        import jieba

        freq_before = len(jieba.dt.FREQ)
        initialized_before = jieba.dt.initialized
        one = get_segmenter(backend)
        two = get_segmenter(backend)
        one.add_word(NONCE)
        assert one.cut(NONCE) == [NONCE]
        assert two.cut(NONCE) != [NONCE]
        assert get_segmenter(backend).cut(NONCE) != [NONCE]
        # the global jieba.dt is never touched
        assert NONCE not in jieba.dt.FREQ
        assert NONCE not in jieba.dt.user_word_tag_tab
        assert len(jieba.dt.FREQ) == freq_before
        assert jieba.dt.initialized == initialized_before


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="jieba"):
        get_segmenter("no-such-segmenter")


def test_jieba_cache_dir_is_private():
    seg = get_segmenter("jieba")
    cache = Path(seg._tok.tmp_dir)  # the owned Tokenizer's dictionary cache directory
    assert cache.is_dir()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    system_tmp = Path(tempfile.gettempdir()).resolve()
    assert system_tmp not in [cache.resolve(), *cache.resolve().parents]
    for f in cache.iterdir():
        assert f.stat().st_uid == cache.stat().st_uid


def _differences(ref: list[str], other: list[str]) -> list[tuple[str, str]]:
    """Where two token sequences of the same text disagree: (ref tokens, other tokens)."""
    import difflib

    sm = difflib.SequenceMatcher(None, ref, other, autojunk=False)
    return [
        ("|".join(ref[i1:i2]), "|".join(other[j1:j2]))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    ]


@pytest.mark.parametrize("name", sorted(set(SEGMENTERS) - {"jieba"}))
def test_backend_gives_reference_tokens_on_paper(segmented_paper, name):
    ref, _ = segmented_paper["jieba"]
    other, _ = segmented_paper[name]
    diffs = _differences(ref, other)
    assert len(diffs) <= MAX_TOKEN_DIFFERENCES, diffs
    assert len(other) == len(ref), diffs


def _explained_tag_difference(word: str, ref_tag: str, tag: str, user_words: set[str]) -> bool:
    """The two documented tag differences (docs/performance.md).

    - ASCII numbers: jieba's no-HMM POS path tags them ``eng``, jieba-rs ``m``.
    - User words that are also dictionary words: jieba gives them the user tag ``nz``,
      jieba-rs keeps the dictionary's tag.
    """
    if word.isascii() and word.isdigit():
        return (ref_tag, tag) == ("eng", "m")
    return word in user_words and ref_tag == "nz"


@pytest.mark.parametrize("name", sorted(set(SEGMENTERS) - {"jieba"}))
def test_backend_tag_differences_are_documented(segmented_paper, zh_labels, name):
    _, ref = segmented_paper["jieba"]
    _, other = segmented_paper[name]
    assert [w for w, _ in other] == [w for w, _ in ref]
    unexplained = sorted(
        {
            (w, t1, t2)
            for (w, t1), (_, t2) in zip(ref, other, strict=True)
            if t1 != t2 and not _explained_tag_difference(w, t1, t2, set(zh_labels))
        }
    )
    assert unexplained == []
