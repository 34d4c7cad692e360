"""One solution as an editor wrote it, and its stored form in the index."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markdown_it import MarkdownIt

from solsearch.corpus.validation import LIST_FIELDS

_markdown = MarkdownIt("commonmark", {"html": False})


@dataclass(frozen=True)
class Solution:
    """One solution as an editor wrote it."""

    id: str
    title: str
    theme: str
    organisations: tuple[str, ...]
    regions: tuple[str, ...]
    departments: tuple[str, ...]
    cities: tuple[str, ...]
    structures: tuple[str, ...]
    body: str
    contact: dict[str, str | list[str]] = field(default_factory=dict)
    path: Path | None = None

    @cached_property
    def text(self) -> str:
        """The body as plain text, one paragraph per line (Markdown markup removed)."""
        return markdown_text(self.body)

    def to_record(self) -> dict:
        """The stored form: the front matter, the Markdown body and its plain text."""
        return {
            "id": self.id,
            "title": self.title,
            "theme": self.theme,
            **{name: list(getattr(self, name)) for name in LIST_FIELDS},
            "contact": self.contact,
            "body": self.body,
            "text": self.text,
        }

    @classmethod
    def from_record(cls, record: dict) -> Solution:
        """The solution a stored record was made from (its plain text comes with it)."""
        solution = cls(
            record["id"],
            record["title"],
            record["theme"],
            **{name: tuple(record[name]) for name in LIST_FIELDS},
            body=record["body"],
            contact=record["contact"],
        )
        if "text" in record:
            solution.__dict__["text"] = record["text"]  # cached_property's slot: no re-parse
        return solution


def markdown_text(body: str) -> str:
    """Plain text of a Markdown body: one line per paragraph or list item."""
    lines = []
    for token in _markdown.parse(body):
        if token.type == "inline":
            parts = [c.content if c.type != "softbreak" else " " for c in token.children or []]
            lines.append("".join(p for p in parts))
    return "\n".join(line for line in lines if line.strip())
