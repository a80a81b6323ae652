# Tousu: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test install migrate demo messages vendor clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/tousu migrate --noinput

demo: migrate
	$(BIN)/tousu load_demo

run: demo
	$(BIN)/tousu collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Tousu demo: http://$(HOST):$(PORT)/"
	@echo "Logins (password tousu-demo): consumer1 consumer2 merchant1 merchant2 agent1 supervisor1 admin"
	@echo ""
	@# The worker delivers notifications (and sweeps deadlines) beside the web server; the
	@# WeChat endpoint runs on the demo keys so the simulator works (docs/channels/wechat.md).
	@# The demo accounts have just "filed" the demo's complaints, so the per-account filing
	@# limits are lifted here unless set (docs/settings.md).
	export TOUSU_WECHAT_DEMO=1; \
	export TOUSU_FILING_LIMIT_PER_HOUR=$${TOUSU_FILING_LIMIT_PER_HOUR:-0}; \
	export TOUSU_FILING_LIMIT_PER_DAY=$${TOUSU_FILING_LIMIT_PER_DAY:-0}; \
	$(BIN)/tousu worker & WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/tousu runserver $(HOST):$(PORT)

# Production web server (docs/deploy.md): WEB_CONCURRENCY worker processes, behind a proxy.
serve: install
	$(BIN)/tousu collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn tousu.wsgi --bind $(HOST):$(PORT) --access-logfile -

# The suite runs on a file-backed SQLite database (the default database, shared between the
# threads of the multi-worker tests), or on PostgreSQL when DATABASE_URL says so.
test: install
	$(BIN)/tousu makemigrations --check --dry-run
	$(BIN)/ruff format --check --quiet tousu tests bench
	$(BIN)/ruff check --quiet tousu tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	TOUSU_TEST_SQLITE=$${TOUSU_TEST_SQLITE:-$$(mktemp -u /tmp/tousu-test-XXXXXX.sqlite3)} \
	$(BIN)/pytest $(PYTEST_ARGS)

# Browser libraries served by Tousu itself (never a CDN), committed under tousu/static/tousu/vendor/:
# this target fetches them again from the npm registry and checks them (docs/architecture.md).
CHARTJS_VERSION := 4.6.1
CHARTJS_SHA256 := 87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2
vendor:
	rm -rf .vendor-tmp && mkdir .vendor-tmp
	cd .vendor-tmp && npm pack --silent chart.js@$(CHARTJS_VERSION) && tar xzf chart.js-$(CHARTJS_VERSION).tgz
	echo "$(CHARTJS_SHA256)  .vendor-tmp/package/dist/chart.umd.min.js" | sha256sum -c -
	cp .vendor-tmp/package/dist/chart.umd.min.js .vendor-tmp/package/LICENSE.md tousu/static/tousu/vendor/chartjs/
	rm -rf .vendor-tmp

messages: install
	cd tousu && ../$(BIN)/tousu makemessages -l zh_Hans --no-location --no-obsolete
	cd tousu && ../$(BIN)/tousu compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var
