"""Corpus readers: plain text, front matter, HTML, JSON Lines and folders of them -> Article."""

from kg.corpus.reader import ARTICLE_SUFFIXES, is_article_file, iter_articles, read_file

__all__ = ["ARTICLE_SUFFIXES", "is_article_file", "iter_articles", "read_file"]
