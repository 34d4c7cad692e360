"""The order of the results: by relevance or by title, in the service, the API and the page;
and the counts of each word alone that a search finding nothing offers."""

from __future__ import annotations

import json

import pytest

from solsearch.evaluation.measures import public_set, read_tsv
from solsearch.index.schema import fold_title
from solsearch.search import QueryError, SearchQuery
from solsearch.search.alternatives import totals_of_each_word

from conftest import ids


def titles(result) -> list[str]:
    return [fold_title(hit.title) for hit in result.hits]


def test_sort_by_title_orders_matching_results_by_title(service):
    by_title = service.search(SearchQuery("emploi", sort="title", per_page=50))
    by_score = service.search(SearchQuery("emploi", per_page=50))
    assert by_title.total == by_score.total == 36
    assert titles(by_title) == sorted(titles(by_title))
    assert sorted(ids(by_title)) == sorted(ids(by_score))
    assert ids(by_title) != ids(by_score)
    assert (by_title.sort, by_score.sort) == ("title", "relevance")


def test_sort_by_title_pages_follow_each_other(service):
    pages = [service.search(SearchQuery("emploi", sort="title", page=n)) for n in (1, 2, 3, 4)]
    every = [title for page in pages for title in titles(page)]
    assert every == sorted(every)
    assert len(every) == 36


def test_sort_by_title_keeps_highlights_and_scores(service):
    hit = service.search(SearchQuery("garage solidaire", sort="title")).hits[0]
    assert "<mark>" in hit.snippet
    assert hit.score > 0


@pytest.mark.parametrize(
    ("text", "asked", "used"),
    [
        ("", None, "title"),
        ("", "relevance", "title"),  # nothing to be relevant to
        ("emploi", None, "relevance"),
        ("emploi", "relevance", "relevance"),
        ("emploi", "title", "title"),
        ("-papier", None, "title"),  # only an exclusion: no words to rank by
    ],
)
def test_default_order_depends_on_the_query(service, text, asked, used):
    assert service.search(SearchQuery(text, sort=asked)).sort == used


def test_unknown_sort_is_a_french_error(service):
    with pytest.raises(QueryError, match=r"Tri inconnu « date » : valeurs possibles : relevance"):
        service.search(SearchQuery("emploi", sort="date"))


def test_api_sorts_by_title_and_says_so(client):
    answer = client.get("/api/search?q=emploi&sort=title&per_page=50").get_json()
    found = [fold_title(hit["title"]) for hit in answer["results"]]
    assert found == sorted(found) and len(found) == 36
    assert answer["sort"] == "title"
    assert client.get("/api/search?q=emploi").get_json()["sort"] == "relevance"
    assert client.get("/api/search").get_json()["sort"] == "title"


@pytest.mark.parametrize(
    ("sort", "message"),
    [
        ("date", "Tri inconnu « date » : valeurs possibles : relevance (pertinence), title"),
        ("Title", "Tri inconnu « Title »"),
        ("", "« sort » est vide : donnez relevance (pertinence), title (titre), ou retirez-le."),
    ],
)
def test_api_refuses_an_unknown_sort_with_400(client, sort, message):
    response = client.get(f"/api/search?q=emploi&sort={sort}")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"].startswith(message)


def test_openapi_documents_sort(client):
    document = client.get("/api/openapi.json").get_json()
    parameters = {p["name"]: p for p in document["paths"]["/api/search"]["get"]["parameters"]}
    assert parameters["sort"]["schema"]["enum"] == ["relevance", "title"]
    assert "pertinence" in parameters["sort"]["description"]


def test_each_word_alone_is_counted_when_nothing_is_found(service):
    query = SearchQuery("garage xylophone")
    assert service.search(query).total == 0
    assert totals_of_each_word(service, query) == {"garage": 2}  # xylophone finds none


def test_each_word_alone_keeps_the_filters(service):
    query = SearchQuery("emploi xylophone", region=("FR-IDF",))
    alone = service.search(SearchQuery("emploi", region=("FR-IDF",))).total
    assert totals_of_each_word(service, query) == {"emploi": alone}


def test_each_count_offered_is_the_total_of_the_search_it_links_to(service):
    """The counts beside each word alone and each filter dropped skip the page of hits, and
    the model when a document has every word: the numbers must still be the searches'."""
    texts = [row["query"] for row in read_tsv(public_set()[0])]
    texts += sorted({word for text in texts for word in text.split()})[:30]
    texts += ["garage -voiture", '"garage solidaire"', "xylophone", "chomeurs ages"]
    # Each text with one of the three kinds of filter, in turn: every kind meets every
    # kind of query, at a third of the cost of all pairs.
    kinds = ({}, {"region": ("FR-IDF",)}, {"theme": ("emploi",)})
    for number, text in enumerate(texts):
        query = SearchQuery(text, **kinds[number % len(kinds)])
        assert service.count(query) == service.search(query).total, query
    # Found whole through a word's family (réparation), which only meaning may confirm.
    query = SearchQuery("réparer des voitures")
    assert service.count(query) == service.search(query).total


@pytest.mark.parametrize("text", ["", "xylophone", "emploi emploi"])
def test_one_word_has_no_words_alone_to_offer(service, text):
    assert totals_of_each_word(service, SearchQuery(text)) == {}


def test_cli_sorts_by_title(index_dir):
    from click.testing import CliRunner

    from solsearch.cli import cli

    args = ["search", "emploi", "--sort", "title", "--json", "--index", str(index_dir)]
    done = CliRunner().invoke(cli, args, catch_exceptions=False)
    answer = json.loads(done.output)
    found = [fold_title(hit["title"]) for hit in answer["results"]]
    assert (answer["sort"], found) == ("title", sorted(found))
