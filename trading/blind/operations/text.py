"""What identifies a bidder, and where it is found in the text of a bid's technical part (暗标).

The terms (domain.md: Sign-up and bids): the bidder's name, the name without its legal-form suffix, its USCC
and its price with and without thousands separators. The texts: the technical proposal, then each technical
document as text: PDF page by page (pypdf), Word .docx (python-docx: body, tables, headers and footers) and
plain text. Texts are NFKC-normalised first, so full-width digits and letters match too; names and the USCC
are looked for with all white space removed (a PDF may break a name over two lines), prices as numbers
standing alone (960000.00 is not found in 1960000.00).
"""
import io
import logging
import re
import unicodedata
from decimal import Decimal

log = logging.getLogger(__name__)

LEGAL_FORM_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")  # longest first
TEXT_EXTENSIONS = (".txt", ".text", ".md", ".csv")
# A whole-yuan price is also looked for without its ".00" from this many integer digits on (shorter numbers
# are too common in a technical text to say anything).
MIN_BARE_PRICE_DIGITS = 4


def short_name(name):
    """The name without its legal-form suffix, or None when it has none (or nothing would be left)."""
    for suffix in LEGAL_FORM_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def price_forms(price):
    """The ways a price is written: 960000.00, 960,000.00, and for a whole-yuan price 960000, 960,000."""
    price = Decimal(price).quantize(Decimal("0.01"))
    forms = [f"{price:f}", f"{price:,.2f}"]
    whole = price.to_integral_value()
    if price == whole and len(str(abs(whole))) >= MIN_BARE_PRICE_DIGITS:
        forms += [f"{whole:f}", f"{whole:,f}"]
    return list(dict.fromkeys(forms))


def identifying_terms(name, uscc, price):
    """[(kind, term)] that would identify the bidder in its technical part."""
    terms = [("name", name)]
    if short_name(name):
        terms.append(("short_name", short_name(name)))
    terms.append(("uscc", uscc))
    if price is not None:
        terms += [("price", form) for form in price_forms(price)]
    return terms


def _normalised(text):
    return unicodedata.normalize("NFKC", text or "")


def _number_pattern(term):
    return re.compile(r"(?<![\d.,])" + re.escape(term) + r"(?!\d|[.,]\d)")


def matches(terms, text):
    """The terms found in `text`, each (kind, term) once, the full name before its short form."""
    text = _normalised(text)
    squeezed = re.sub(r"\s+", "", text).upper()
    found = []
    for kind, term in terms:
        if kind == "price":
            hit = _number_pattern(term).search(text) is not None
        else:
            needle = re.sub(r"\s+", "", _normalised(term)).upper()
            hit = bool(needle) and needle in squeezed
            if kind == "short_name" and any(k == "name" for k, _ in found):
                hit = False  # the full name was found: its short form adds nothing
        if hit:
            found.append((kind, term))
    return found


def _extension(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def _pdf_pages(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    for number, page in enumerate(reader.pages, start=1):
        yield number, page.extract_text() or ""


def _docx_text(content):
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts += [p.text for p in part.paragraphs]
            parts += [cell.text for table in part.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _plain_text(content):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("utf-8", errors="replace")


def document_pages(name, content):
    """[(page number or None, text)] of a document; None when its format cannot be read as text
    (an image, a legacy .doc, a damaged file)."""
    extension = _extension(name)
    try:
        if extension == ".pdf":
            return list(_pdf_pages(content))
        if extension == ".docx":
            return [(None, _docx_text(content))]
        if extension in TEXT_EXTENSIONS:
            return [(None, _plain_text(content))]
    except Exception:  # noqa: BLE001 - a damaged file of any kind is reported as unreadable, never a 500
        log.warning("bid document %r could not be read as text", name, exc_info=True)
    return None


def violations(terms, technical_proposal, documents):
    """(found, unreadable): found is [{kind, term, place, page}] where a term was found ("technical_proposal"
    or a document's name, with its PDF page); unreadable the names of the documents that could not be read."""
    found, unreadable = [], []
    for kind, term in matches(terms, technical_proposal):
        found.append({"kind": kind, "term": term, "place": "technical_proposal", "page": None})
    for document in documents:
        pages = document_pages(document["name"], document["content"])
        if pages is None:
            unreadable.append(document["name"])
            continue
        for page, text in pages:
            for kind, term in matches(terms, text):
                found.append({"kind": kind, "term": term, "place": document["name"], "page": page})
    return found, unreadable
