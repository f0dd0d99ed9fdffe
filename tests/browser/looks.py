"""What a person sees on a page: no machine words, no English on a Chinese page, nothing wider than the
screen at 1366 px (a desktop) and 390 px (a phone), no table column squeezed to a character or two a line;
a screenshot of each width is kept."""
import re

WIDTHS = (1366, 390)
# Machine words: an event or field code (project.created, order.placed), a Python literal, a UTC ISO time.
RAW_CODE = re.compile(r"\b[a-z][a-z_]+\.[a-z][a-z_]+\b")
FILE_OR_HOST = {"pdf", "doc", "docx", "xlsx", "csv", "json", "txt", "png", "zip", "com", "cn", "org", "gov", "net"}
PYTHON_LITERAL = re.compile(r"\{'|\['|\bNone\b|\bTrue\b|\bFalse\b")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
ENGLISH_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
# Names and formats a Chinese government portal writes in Latin letters.
LATIN_NAMES = {"API", "JSON", "OpenAPI", "OCDS", "English", "PDF", "Excel", "Word", "SHA", "USCC", "ICP",
               "Cardinal", "CSV", "UTF", "MALL", "pdf", "docx", "xlsx", "csv", "txt"}


# Table cells of Chinese text (four characters or more) narrower than 2.6 characters: read one or two
# characters a line (公开/招标), as a many-columned table looks on a phone when nothing keeps its columns wide.
SQUEEZED_CELLS = """() => Array.from(document.querySelectorAll('main td, main th')).filter(cell => {
  const text = cell.innerText.trim();
  if (!cell.offsetParent || text.length < 4 || !/[\u4e00-\u9fff]/.test(text)) return false;
  const style = getComputedStyle(cell), em = parseFloat(style.fontSize);
  return cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) < 2.6 * em;
}).map(cell => cell.innerText.trim().slice(0, 12))"""


def page_problems(text, chinese=True, code=()):
    """What is wrong with a page's visible text, in words a reviewer reads. `code`: the texts of its code
    elements (receipts, hashes, formats), which may be in Latin letters."""
    problems = []
    problems += [f"a machine code: {code!r}" for code in RAW_CODE.findall(text)
                 if code.rsplit(".", 1)[1] not in FILE_OR_HOST]
    problems += [f"a Python value: {m.group()!r}" for m in PYTHON_LITERAL.finditer(text)]
    problems += [f"a UTC ISO time: {m.group()!r}" for m in ISO_TIME.finditer(text)]
    if chinese:
        for snippet in code:
            text = text.replace(snippet, " ")
        english = sorted({w for w in ENGLISH_WORD.findall(text) if w not in LATIN_NAMES})
        if english:
            problems.append(f"English on a Chinese page: {', '.join(english[:12])}")
    return problems


class Looks:
    """Looks at one browser page as its user moves on: `looks(name)` after each step."""

    def __init__(self, page, folder, prefix):
        self.page = page
        self.folder = folder
        self.prefix = prefix
        self.count = 0
        self.dialogs = []
        page.on("dialog", self._answer)

    def _answer(self, dialog):
        self.dialogs.append(dialog.message)

    def __call__(self, name, chinese=None):
        """Check the page at both widths (Chinese unless the page is in English) and save its screenshots."""
        page = self.page
        page.wait_for_load_state()
        if chinese is None:
            chinese = page.evaluate("document.documentElement.lang") != "en"
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        found = []
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            text = page.inner_text("body")
            code = page.eval_on_selector_all("code, kbd, samp", "nodes => nodes.map(n => n.innerText)")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            squeezed = page.evaluate(SQUEEZED_CELLS)
            page.screenshot(path=self.folder / f"{self.count:02d}-{self.prefix}-{name}-{width}.png", full_page=True)
            found += [f"{width} px: {p}" for p in page_problems(text, chinese, code)]
            if overflow > 0:
                found.append(f"{width} px: {overflow} px wider than the screen")
            if squeezed:
                found.append(f"{width} px: table columns squeezed to a character or two a line: {squeezed[:5]}")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        assert not found, f"{name} ({page.url}):\n  " + "\n  ".join(found)
        return page
