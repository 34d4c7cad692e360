"""The code a partner site copies to embed the search, written for this server's address.

Built as plain text here and escaped once by the template, so that nothing in the
address (it comes from the request) can break out of the page.
"""

from __future__ import annotations


def embed_snippets(host: str) -> dict[str, str]:
    """The three ways to embed, plus a theming example, for a server at ``host``."""
    return {
        "form": (
            f'<form action="{host}/" method="get" role="search" aria-label="Solutions COORACE">\n'
            '  <label for="solsearch-q">Rechercher une solution</label>\n'
            '  <input type="search" id="solsearch-q" name="q" autocomplete="off">\n'
            '  <input type="hidden" name="region" value="FR-BRE">\n'
            '  <button type="submit">Rechercher</button>\n'
            "</form>"
        ),
        "widget": (
            f'<script type="module" src="{host}/embed.js"></script>\n'
            '<solsearch-box region="FR-BRE" placeholder="Rechercher une solution…">'
            "</solsearch-box>"
        ),
        "theme": (
            "<style>\n"
            "  solsearch-box { --solsearch-accent: #7a1f5c; --solsearch-radius: 0; }\n"
            "</style>"
        ),
        "iframe": (
            f'<iframe src="{host}/embed?region=FR-BRE" title="Recherche de solutions COORACE"\n'
            '        width="100%" height="700" loading="lazy"></iframe>'
        ),
    }
