"""The French word list: real words, with or without their accents, against misspellings;
loaded once, late, and never missed when it cannot load."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from solsearch.analysis import lexicon
from solsearch.search.limits import RARE_WORD_ZIPF, REAL_WORD_ZIPF


@pytest.mark.parametrize(
    "word", ["âgés", "agés", "ages", "AGÉS", "chômeurs", "chomeurs", "piscine", "guitare", "oeuvre"]
)
def test_real_words_are_common_with_or_without_accents(word):
    assert lexicon.zipf(word) >= REAL_WORD_ZIPF


@pytest.mark.parametrize("word", ["recyclrie", "garrage", "insersion", "ressourcrie", "abeiles"])
def test_misspellings_are_not_french_words(word):
    assert lexicon.zipf(word) < RARE_WORD_ZIPF


@pytest.mark.parametrize(("word", "plain"), [("Âgés", "ages"), ("Œuvre", "oeuvre"), ("ça", "ca")])
def test_unaccented(word, plain):
    assert lexicon.unaccented(word) == plain


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("ages", "âgés"),  # French writes it with accents far more often
        ("economie", "économie"),
        ("eleves", "élèves"),  # the most common of its accented spellings (not « élevés »)
        ("chomeurs", "chômeurs"),
        ("marche", "marche"),  # a word in its own right, beside « marché »
        ("piscine", "piscine"),
        ("âgés", "âgés"),  # typed with accents: taken as written
        ("ecopaturage", None),  # French writes it neither way: the caller decides
    ],
)
def test_missing_accents_are_given_back_where_french_writes_them(typed, written):
    assert lexicon.written(typed) == written


def test_the_list_is_loaded_once():
    calls = []

    def loader():
        calls.append(1)
        return (lambda word: 3.0), {}

    words = lexicon.WordList(loader)
    assert calls == []
    words.warm()  # as a server does before it serves
    assert calls == [1]
    assert words.zipf("piscine") == words.zipf("guitare") == 3.0
    assert calls == [1]


def test_without_the_list_the_answer_is_none_and_a_warning_is_logged(caplog):
    def loader():
        raise ImportError("No module named 'wordfreq'")

    words = lexicon.WordList(loader)
    with caplog.at_level(logging.WARNING, logger=lexicon.__name__):
        assert words.zipf("piscine") is None
        assert words.zipf("guitare") is None
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert "wordfreq" in caplog.records[0].getMessage()


def test_neither_import_nor_completion_loads_the_list(index_dir):
    """The list costs a second: the package and the completion path never load it."""
    script = f"""
import sys
from solsearch.search import SearchService
from solsearch.web import create_app
service = SearchService({str(index_dir)!r})
assert service.suggest("gar")
assert "wordfreq" not in sys.modules
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_real_list_is_read_once_warmed_or_not():
    """The list warmed before a server forks is the one every lookup then reads: a second
    copy would cost each worker 40 MB and its first visitor 0.1 s."""
    script = """
import wordfreq
from solsearch.analysis import lexicon
lexicon.FRENCH.warm()
for word in ("piscine", "ages", "ressourcrie"):
    lexicon.zipf(word)
print(wordfreq.get_frequency_dict.cache_info().misses)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
