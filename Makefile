# The two commands in the README's quick start, and a few more for developers.
.PHONY: demo test setup bench lint

demo:           ## set everything up and start the demo (SQLite, real Tees Valley data)
	scripts/demo.sh

test:           ## set everything up and run the whole test suite (SQLite, PostgreSQL, browser)
	scripts/test.sh

setup:
	scripts/setup.sh

bench:          ## run every benchmark in bench/ and print ratios against named peers
	WITH_BROWSER=0 scripts/setup.sh
	.venv/bin/python bench/run.py

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy cohesion
