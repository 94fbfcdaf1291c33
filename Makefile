# Two commands do everything on a fresh Debian machine, as root: `make demo` and `make test`.
# Both are idempotent: they install only what is missing.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
# Debian packages the lab runtime and the drivers need.
APT_PACKAGES := frr frr-pythontools openssh-server openssh-client iputils-ping iproute2 traceroute procps psmisc nftables python3-venv mmdebstrap
# Extra packages only the test suite needs (headless browser for the HTML report tests).
TEST_APT_PACKAGES := chromium
PYTEST_ARGS ?=
# lldpd, for LLDP in the built-in lab (`netassess lab up --lldp`; the test suite uses it). It is
# unpacked here rather than installed, because Debian's package starts a host-wide LLDP service.
LLDPD_ROOT ?= /opt/netassess/lldpd

.PHONY: help deps deps-apt deps-test-apt deps-py lldpd images demo test unit lint prove prove-quick bench lab-down clean

help:
	@echo "make demo   install what is needed, bring up the built-in lab, run a real assessment, print the report"
	@echo "make test   run the whole suite, live-lab tests included (needs root)"
	@echo "make unit   the quick unit tests: no root, no lab, no browser"
	@echo "make lint   ruff over src, tests and benchmarks; mypy over src"
	@echo "make prove  prove every shipped task on real routers: each check fails on setup, passes on the solution, breaks under its mutations"
	@echo "make prove-quick  the same without the mutations"
	@echo "make bench  print the benchmark figures"
	@echo "make images build the lab's node images (FRR 10.3, FRR 8.4, Linux host, OVS switch) once; cached afterwards"

define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "apt: installing $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps-apt:
	$(call apt_install,$(APT_PACKAGES))

deps-test-apt:
	$(call apt_install,$(TEST_APT_PACKAGES))

lldpd: $(LLDPD_ROOT)/bin/lldpcli

# Debian's .deb unpacked into $(LLDPD_ROOT): lldpd as it is, lldpcli without its setuid bit
# (the lab's socket is group-readable instead) behind a wrapper that finds liblldpctl.
$(LLDPD_ROOT)/bin/lldpcli:
	@case "$(LLDPD_ROOT)" in /*/*) ;; *) echo "LLDPD_ROOT=$(LLDPD_ROOT): give an absolute path below a folder, e.g. /opt/netassess/lldpd"; exit 2;; esac
	@apt-cache show lldpd >/dev/null 2>&1 || apt-get update -qq
	$(call apt_install,$$(apt-cache depends lldpd | awk '/ Depends: lib/ {print $$2}'))
	@set -e; new=$(LLDPD_ROOT).new; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; chmod 755 "$$tmp"; cd "$$tmp"; \
	apt-get download -qq lldpd 2>/dev/null || { apt-get update -qq && apt-get download -qq lldpd; }; \
	rm -rf "$$new"; mkdir -p "$$new/bin"; dpkg-deb -x lldpd_*.deb "$$new"; chown -R root:root "$$new"; \
	chmod 0755 "$$new/usr/sbin/lldpcli"; \
	lib=$$(dirname "$$(ls "$$new"/usr/lib/*/liblldpctl.so.* | head -n1)"); lib=$(LLDPD_ROOT)/$${lib#"$$new"/}; \
	printf '#!/bin/sh\n# lldpcli unpacked by `make lldpd`\nLD_LIBRARY_PATH=%s exec %s "$$@"\n' \
	  "$$lib" "$(LLDPD_ROOT)/usr/sbin/lldpcli" > "$$new/bin/lldpcli"; chmod 0755 "$$new/bin/lldpcli"; \
	rm -rf $(LLDPD_ROOT); mv "$$new" $(LLDPD_ROOT); echo "lldpd unpacked into $(LLDPD_ROOT) (no service started)"

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip >/dev/null 2>&1 || true
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

deps-py: $(VENV)/.installed

deps: deps-apt deps-py

# Root filesystems the lab's nodes run on (netassess.lab.images): built with mmdebstrap into
# /var/cache/netassess/images on first use, keyed by suite + packages, so this is free once done.
images: deps
	@if [ "$$(id -u)" = 0 ]; then $(BIN)/netassess lab images build; \
	else echo "images: skipped (building them needs root, as the live lab does)"; fi

demo: deps images
	$(BIN)/netassess demo

test: deps deps-test-apt lldpd images
	@NETASSESS_REQUIRE_LIVE=$$( [ "$$(id -u)" = 0 ] && echo 1 || echo 0 ) NETASSESS_LLDPD_ROOT=$(LLDPD_ROOT) \
	  $(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing the run"; exit 1; fi; exit $$rc

# The quick loop while coding: tests/unit needs no root (what does is marked live and lives in tests/live).
unit: deps-py
	$(BIN)/pytest -q -m "not live and not browser" tests/unit $(PYTEST_ARGS)

# Configured in pyproject.toml ([tool.ruff], [tool.mypy]); both must pass clean.
lint: deps-py
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

# Every shipped task proven live in one command, PROVE_JOBS labs at a time: each check fails on the
# setup (or under one of its own mutations), passes on the solution, and is broken by a mutation that
# is then undone (--strict: a check never seen failing, or no mutation breaks, fails the run).
# Tasks whose parameters name their topology's management subnet start first and get it; the
# others share a topology on free subnets. `make prove-quick` skips the mutations.
PROVE_JOBS ?= 6
prove: deps images
	@mkdir -p out
	$(BIN)/netassess validate --live --mutate --strict --jobs $(PROVE_JOBS) tasks/ --junit out/proof.xml

prove-quick: deps images
	@mkdir -p out
	$(BIN)/netassess validate --live --jobs $(PROVE_JOBS) tasks/ --junit out/proof.xml

bench: deps images
	@for b in benchmarks/*.py; do echo "== $$b"; $(PY) $$b || exit $$?; done

lab-down: deps-py
	$(BIN)/netassess lab down --all

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
