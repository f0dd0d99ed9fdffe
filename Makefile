# One command to run the platform with demo data, one to run the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi.py

.PHONY: install run test translations bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(MAKE) --no-print-directory translations

translations:
	$(BIN)/pybabel -q compile --use-fuzzy -d translations

# The demo signs its trail anchors with a key made once in instance/; production sets TRAIL_SIGNING_KEY.
DEMO_KEY := instance/trail-signing-key.pem
WITH_KEY = TRAIL_SIGNING_KEY="$${TRAIL_SIGNING_KEY:-$$(cat $(DEMO_KEY))}"

run: install
	@test -n "$$TRAIL_SIGNING_KEY" || test -s $(DEMO_KEY) || (mkdir -p instance && umask 077 && $(BIN)/flask trail keygen > $(DEMO_KEY))
	MIN_BID_DAYS=$${MIN_BID_DAYS:-20} $(WITH_KEY) $(BIN)/flask db upgrade
	$(WITH_KEY) $(BIN)/flask seed-demo
	@echo ""
	@echo "  Platform: http://127.0.0.1:$${PORT:-5000}/   (demo password for every account: demo12345)"
	@echo "  Logins:   center admin 'center', purchaser 'hospital', bidder 'bidder01', supervisor 'audit'"
	@echo ""
	$(WITH_KEY) $(BIN)/flask run --host 127.0.0.1 --port $${PORT:-5000}

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache
