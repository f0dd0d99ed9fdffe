"""Printable documents as PDF (WeasyPrint): the page's own HTML, rendered with a CJK font; file downloads."""
from urllib.parse import quote

from flask import Response, current_app, render_template

# The Debian package fonts-noto-cjk (installed by `make install`) provides these families.
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 10pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #777; padding: 2px 4px; }
code { word-break: break-all; }
.d-print-none, nav, form, .btn { display: none !important; }
.text-center { text-align: center; } .text-end { text-align: right; } .mt-5 { margin-top: 3em; }
.signatures td { height: 3em; } .signatures .signature { width: 35%; } .signatures .signed-on { width: 20%; }
"""


def of_record():
    """A request of its own, with no reader and the platform's language, in which a document of record (a PDF,
    a workbook) is written: the same whoever's request, or task, led to it."""
    return current_app.test_request_context()


def pdf_bytes(template, **context):
    """Render a print template (extending _print.html) to PDF bytes, of record (of_record)."""
    from weasyprint import CSS, HTML  # imported here: it loads Pango, needed only for printing

    with of_record():
        html = render_template(template, printing=True, **context)
    return HTML(string=html, base_url=current_app.root_path).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])


def download_response(data, filename, mimetype, etag=None):
    """A file download; the name may be Chinese (RFC 5987 filename*); `etag`, e.g. the file's SHA-256."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    response = Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})
    if etag:
        response.set_etag(etag)
    return response
