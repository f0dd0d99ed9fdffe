"""Chinese keyword search of the catalogue, backed by a full-text index.

Products keep their words segmented by jieba in `search_text` (search mode: 彩色激光打印机 →
彩色 激光 打印 印机 打印机 激光打印机, plus every single Chinese character, so that 纸 of A4纸 finds
A4复印纸). A query is segmented the same way (precise mode) and every word must be present.
PostgreSQL matches with the GIN index on the stored column search_vector (to_tsvector('simple',
search_text), generated); SQLite with the FTS5 table mall_product_fts, kept in step by triggers (both
created by the migration).

Synonyms (the center's list, mall.catalogue.operations.synonyms): a word of a synonym group found in the query
(the longest first, so 电脑椅 is a chair before 电脑 is a computer) matches any word of its group, each as its
own segmented words: 打印纸 finds 复印纸 and A4纸 (a4 and 纸).
"""
import logging
import re

import jieba
from sqlalchemy import Float, Integer, func, literal_column, text

jieba.setLogLevel(logging.WARNING)
# Words are runs of letters and digits; anything else (spaces, punctuation, symbols) separates them.
_WORD = re.compile(r"[0-9a-z]+|[\u3400-\u9fff\uf900-\ufaff]+", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_TERMS = 12
MAX_ALTERNATIVES = 12  # words of one synonym group a query word expands into


def load_dictionary():
    """Load jieba's dictionary now (once per process: a web or worker process at start), not on the first search,
    which would take a second or two longer."""
    jieba.initialize()


def _words(tokens):
    for token in tokens:
        yield from (w.lower() for w in _WORD.findall(token))


def _index_tokens(text):
    """Each word (precise mode) as its search-mode parts, then its single characters: kept next to each
    other, so that PostgreSQL's ranking (which counts how close the terms are) favours whole phrases."""
    for word in jieba.cut(text):
        yield from _words(jieba.cut_for_search(word))
        characters = _CJK.findall(word)
        if len(characters) > 1:
            yield from characters


def index_text(name, *parts):
    """The space-separated tokens stored in Product.search_text for a product's name and other texts.
    Repeated words are kept (relevance counts them) and the name counts twice."""
    return " ".join(token for part in (name, name, *parts) if part for token in _index_tokens(part))


def query_terms(q):
    """The words a query must all match (jieba precise mode), at most MAX_TERMS."""
    return list(dict.fromkeys(_words(jieba.cut(q or ""))))[:MAX_TERMS]


def parse_groups(text):
    """The synonym groups of a list (one group per line, words separated by spaces, commas, 、 or /; blank lines
    and lines starting with # skipped): [[word, ...], ...], each word as written, each group's words once."""
    groups = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = list(dict.fromkeys(w for w in re.split(r"[\s,，、/]+", line) if w))
        groups.append(words)
    return groups


def query(q, groups=()):
    """What a query must match: for each of its words, the alternatives it may be matched by, each a list of
    index words all of which must be present ([[["打印机"]]] for 打印机; with synonyms, 打印纸 →
    [[["打印", "纸"], ["复印纸"], ["a4", "纸"], …]]). At most MAX_TERMS words."""
    text = (q or "").lower()
    words = sorted({w.lower() for group in groups for w in group}, key=len, reverse=True)
    found = []
    for word in words:
        if word and word in text:
            text = text.replace(word, " ")
            found.append(word)
    alternatives = {}
    for group in groups:
        for word in group:
            alternatives.setdefault(word.lower(), [w.lower() for w in group])
    terms = []
    for word in found:
        options = [query_terms(w) for w in dict.fromkeys([word, *alternatives[word]])][:MAX_ALTERNATIVES]
        terms.append([option for option in options if option])
    terms += [[[word]] for word in query_terms(text)]
    return [term for term in terms if term][:MAX_TERMS]


def _pg_query(terms):
    return func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(
        "(" + " | ".join("(" + " & ".join(f"'{w}'" for w in option) + ")" for option in term) + ")"
        for term in terms))


def _fts5_expression(terms):
    def phrase(word):
        return '"' + word.replace('"', '""') + '"'
    return " AND ".join(
        "(" + " OR ".join("(" + " AND ".join(phrase(w) for w in option) + ")" for option in term) + ")"
        for term in terms)


def apply(stmt, model, terms, dialect):
    """(stmt restricted to products matching every term of `query(…)`, the relevance score: higher is better)."""
    if dialect == "postgresql":
        vector, tsquery = model.search_vector, _pg_query(terms)
        return stmt.where(vector.op("@@")(tsquery)), func.ts_rank(vector, tsquery)
    expression = _fts5_expression(terms)
    hits = (text("SELECT rowid AS id, bm25(mall_product_fts) AS rank FROM mall_product_fts "
                 "WHERE mall_product_fts MATCH :expression")
            .bindparams(expression=expression).columns(id=Integer, rank=Float).subquery("fts"))
    return stmt.join(hits, hits.c.id == model.id), -hits.c.rank  # bm25: lower is better
