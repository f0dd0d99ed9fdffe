"""Chinese keyword search of the catalogue, backed by a full-text index.

Products keep their words segmented by jieba in `search_text` (search mode: 彩色激光打印机 →
彩色 激光 打印 印机 打印机 激光打印机, plus every single Chinese character, so that 纸 of A4纸 finds
A4复印纸). A query is segmented the same way (precise mode) and every word must be present.
PostgreSQL matches with the GIN index on the stored column search_vector (to_tsvector('simple',
search_text), generated); SQLite with the FTS5 table mall_product_fts, kept in step by triggers (both
created by the migration).

Synonyms (the center's list, mall.catalogue.operations.synonyms) are expanded when a product is indexed: a product
whose texts contain a word of a group is indexed with the group's token too, and a query containing a word of the
group searches for that token: 打印纸 finds 复印纸 at the cost of one word, however large the group. A changed list
re-indexes the catalogue (the task mall.reindex_search).
"""
import hashlib
import logging
import re

import jieba
from sqlalchemy import Float, Integer, func, literal_column, text

jieba.setLogLevel(logging.WARNING)
# Words are runs of letters and digits; anything else (spaces, punctuation, symbols) separates them.
_WORD = re.compile(r"[0-9a-z]+|[\u3400-\u9fff\uf900-\ufaff]+", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
MAX_TERMS = 12


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


def merged(groups):
    """The groups with a word in common made one (a word means one thing: 碳粉 硒鼓 and 硒鼓 粉盒 are one group), in
    the order of their first words."""
    result = []
    for group in groups:
        words = list(dict.fromkeys(w.lower() for w in group))
        joined = [g for g in result if set(g) & set(words)]
        for g in joined:
            result.remove(g)
        result.append(list(dict.fromkeys(w for g in [*joined, words] for w in g)))
    return result


def group_token(group):
    """The word a synonym group is indexed and searched by: the same for every word of the group, and for no
    other group (tyc, 同义词, and a digest of its words)."""
    words = "|".join(sorted({w.lower() for w in group}))
    return "tyc" + hashlib.sha1(words.encode("utf-8")).hexdigest()[:12]


def find_groups(text, groups):
    """(the synonym groups whose words `text` contains, what is left of it): the longest word first, each found
    word taken out, so that 电脑椅 is a chair before 电脑 is a computer."""
    text = (text or "").lower()
    by_word = {}
    for group in groups:
        for word in group:
            by_word.setdefault(word.lower(), group)
    found = []
    for word in sorted(by_word, key=len, reverse=True):
        if word and word in text:
            text = text.replace(word, " ")
            if by_word[word] not in found:
                found.append(by_word[word])
    return found, text


def index_text(name, *parts, groups=()):
    """The space-separated tokens stored in Product.search_text for a product's name and other texts.
    Repeated words are kept (relevance counts them) and the name counts twice; each synonym group a text has a
    word of adds its group_token after that text's words."""
    tokens = []
    for part in (name, name, *parts):
        if part:
            tokens += _index_tokens(part)
            tokens += (group_token(group) for group in find_groups(part, groups)[0])
    return " ".join(tokens)


def query_terms(q):
    """The words a query must all match (jieba precise mode), at most MAX_TERMS."""
    return list(dict.fromkeys(_words(jieba.cut(q or ""))))[:MAX_TERMS]


def query(q, groups=()):
    """The words a query must all match: each synonym group found in it as its group_token (so 打印纸 finds the
    复印纸 indexed with the same token), the rest as query_terms."""
    found, rest = find_groups(q, groups)
    return [*(group_token(group) for group in found), *query_terms(rest)][:MAX_TERMS]


def _pg_query(terms):
    return func.to_tsquery(literal_column("'simple'::regconfig"), " & ".join(f"'{t}'" for t in terms))


def apply(stmt, model, terms, dialect):
    """(stmt restricted to products matching every term, the relevance score: higher is better)."""
    if dialect == "postgresql":
        vector, tsquery = model.search_vector, _pg_query(terms)
        return stmt.where(vector.op("@@")(tsquery)), func.ts_rank(vector, tsquery)
    expression = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
    hits = (text("SELECT rowid AS id, bm25(mall_product_fts) AS rank FROM mall_product_fts "
                 "WHERE mall_product_fts MATCH :expression")
            .bindparams(expression=expression).columns(id=Integer, rank=Float).subquery("fts"))
    return stmt.join(hits, hits.c.id == model.id), -hits.c.rank  # bm25: lower is better
