"""The Chinese tokens of a document as columns: `TokenTable`, the `Annotations.tokens` the
NLP stage makes.

A document has thousands of tokens (7,130 in the shipped paper). Made as one `Token` object
each, they cost the stage as much as the segmentation itself, much of it in Python's cyclic
garbage collector, which scans every such object again as the heap grows. The table keeps
the same records as five columns (lists of offsets, texts, tags and sentence indices:
five objects for the collector, whatever the number of tokens) and the few words followed
by a space as a set of indices. It is a ``Sequence[Token]`` (the stage adds to it,
consumers only read): indexing and iteration give `Token` objects equal to the ones the
stage made before, made when a consumer reads them (and freed by reference counting when
it is done with them); consumers that want the columns read them directly (`spans`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import compress, count
from typing import Any, overload

from marxkg.model import Token


class TokenTable(Sequence[Token]):
    """`Token` records of one text as columns (see the module's docstring)."""

    __slots__ = ("starts", "ends", "texts", "tags", "sentences", "spaced")

    def __init__(self, tokens: Iterable[Token] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.texts: list[str] = []
        self.tags: list[str] = []
        self.sentences: list[int] = []
        self.spaced: set[int] = set()  # indices of the tokens with a trailing space
        for t in tokens:
            self.append(t.start, t.end, t.text, t.pos, t.sentence, t.space_after)

    def append(
        self, start: int, end: int, text: str, tag: str, sentence: int, space_after: bool = False
    ) -> None:
        """Add one token at the end."""
        if space_after:
            self.spaced.add(len(self.texts))
        self.starts.append(start)
        self.ends.append(end)
        self.texts.append(text)
        self.tags.append(tag)
        self.sentences.append(sentence)

    def extend(
        self,
        starts: list[int],
        ends: list[int],
        texts: list[str],
        tags: list[str],
        sentences: Iterable[int],
        spaces: Iterable[bool] | None = None,
    ) -> None:
        """Add many tokens at once, as columns (``spaces``: whether each has a trailing
        space; none has if not given)."""
        first = len(self.texts)
        if not (len(starts) == len(ends) == len(texts) == len(tags)):
            raise ValueError("token columns of unequal length")
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.texts.extend(texts)
        self.tags.extend(tags)
        self.sentences.extend(sentences)
        if spaces is not None:
            self.spaced.update(compress(count(first), spaces))
        if len(self.sentences) != len(self.texts):
            raise ValueError("token columns of unequal length")

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(len(self)))]
        text = self.texts[index]  # raises IndexError as a list does
        if index < 0:
            index += len(self.texts)
        return Token(
            self.starts[index],
            self.ends[index],
            text,
            self.tags[index],
            self.sentences[index],
            index in self.spaced,
        )

    def __iter__(self) -> Iterator[Token]:
        return map(
            Token,
            self.starts,
            self.ends,
            self.texts,
            self.tags,
            self.sentences,
            map(self.spaced.__contains__, range(len(self.texts))),
        )

    def spans(self) -> Iterator[tuple[int, int, int, str]]:
        """(start, end, sentence, tag) of every token, in order, without `Token` objects."""
        return zip(self.starts, self.ends, self.sentences, self.tags, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TokenTable):
            return self.__getstate__() == other.__getstate__()
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"TokenTable({list(self)!r})"

    def __getstate__(self) -> tuple[Any, ...]:
        return (
            self.starts,
            self.ends,
            self.texts,
            self.tags,
            self.sentences,
            sorted(self.spaced),
        )

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.starts, self.ends, self.texts, self.tags, self.sentences, spaced = state
        self.spaced = set(spaced)
