# One command to run the platform with demo data, one to run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: install fonts browser run test translations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python fonts
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(MAKE) --no-print-directory translations

# Pango and a CJK font for the printable documents (WeasyPrint PDF): Debian's packages, when missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
fonts:
	@(fc-list 2>/dev/null | grep -q "Noto Sans CJK" && ldconfig -p | grep -q libharfbuzz-subset) || \
	  apt-get install -y -q $(PDF_PACKAGES) >/dev/null 2>&1 || sudo apt-get install -y -q $(PDF_PACKAGES) >/dev/null 2>&1 || \
	  echo "warning: install $(PDF_PACKAGES) (Debian) for the PDF documents"

# Debian's Chromium for the browser tests (tests/browser, Playwright): never a downloaded browser.
browser:
	@test -x /usr/bin/chromium || apt-get install -y -q chromium >/dev/null 2>&1 || \
	  sudo apt-get install -y -q chromium >/dev/null 2>&1 || echo "warning: install chromium (Debian) for the browser tests"

translations:
	$(BIN)/pybabel -q compile --use-fuzzy -d translations

# Development keys (core.security refuses to start without real ones outside development).
run bench: export PLATFORM_ENV := development

run: install
	MIN_BID_DAYS=$${MIN_BID_DAYS:-20} $(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	@echo ""
	@$(BIN)/flask demo-logins --limit 12
	@echo ""
	@echo "  Platform: http://127.0.0.1:$${PORT:-5000}/   (demo password for every account: Demo-Jiaoyi-2026)"
	@echo "  Another port: PORT=8080 make run"
	@echo "  Open at once: the center ('center') opens 县城区主干道路灯节能改造工程, due when the demo was first seeded."
	@echo ""
	$(BIN)/flask run --host 127.0.0.1 --port $${PORT:-5000}

# The suite runs on every core (pytest-xdist; each worker has its own PostgreSQL database).
PYTEST_ARGS ?= -n auto
test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache
