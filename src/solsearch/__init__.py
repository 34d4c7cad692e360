"""solsearch: French full-text search over the solutions of the COORACE network."""

__version__ = "0.1.0"
