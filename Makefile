# complaintdesk: `make run` serves the product with demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/complaintdesk
export COMPLAINTDESK_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install lint unit unit-sqlite unit-postgres demo bench clean messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The web app and the background worker in one command; Ctrl-C stops both. Outgoing mail is
# captured (written to $(COMPLAINTDESK_DATA_DIR)/mail, listed at /desk/outbox/) unless
# EMAIL_HOST or EMAIL_DELIVERY is set.
run: export EMAIL_DELIVERY ?= $(if $(EMAIL_HOST),smtp,capture)
run: $(STAMP)
	$(BIN)/complaintdesk migrate --noinput -v0
	$(BIN)/complaintdesk demo
	$(BIN)/complaintdesk collectstatic --noinput -v0
	$(BIN)/complaintdesk run

test: $(STAMP)
	./scripts/system-packages.sh
	$(MAKE) lint
	$(MAKE) unit

lint: $(STAMP)
	$(BIN)/ruff check complaintdesk tests bench
	$(BIN)/mypy complaintdesk
	$(BIN)/lint-imports
	$(BIN)/complaintdesk makemigrations --check --dry-run -v1
	$(BIN)/complaintdesk check

unit: unit-sqlite unit-postgres

unit-sqlite: $(STAMP)
	@echo "== tests on SQLite =="
	$(BIN)/pytest -q -p no:cacheprovider -n 2

unit-postgres: $(STAMP)
	@if $(BIN)/python scripts/pg_reachable.py "$(PG_URL)"; then \
		echo "== tests on PostgreSQL ($(PG_URL)) =="; \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q -p no:cacheprovider -n 2; \
	else \
		echo "== SKIPPED: tests on PostgreSQL: nothing answers at $(PG_URL) =="; \
	fi

messages: $(STAMP)
	cd complaintdesk && ../$(BIN)/complaintdesk compilemessages -v0

bench: $(STAMP)
	$(BIN)/python bench/intake.py

clean:
	rm -rf $(VENV) var
