# Territoires Partagés — catalogue public des activités.
# `make` (ou `make help`) liste les cibles.

PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip
PORT    ?= 8000
OUTPUT  ?= output
PYTEST_ARGS ?=

export PYTHONPATH := plugins
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Fichiers témoins : le venv est (ré)installé quand un fichier de verrouillage change.
STAMP_RUN  := $(VENV)/.stamp-requirements
STAMP_TEST := $(VENV)/.stamp-requirements-test

.DEFAULT_GOAL := help
.PHONY: help .venv site check serve schema test clean distclean

help: ## Affiche cette aide
	@echo "Territoires Partagés — cibles disponibles :"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_.-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables : PORT=$(PORT) (serve), OUTPUT=$(OUTPUT) (site), PYTEST_ARGS=… (test)"

.venv: $(STAMP_RUN) ## Crée .venv (Python 3.11) et installe requirements.lock

# ---- dépendances Python : verrouillées avec leurs empreintes (requirements*.lock, make lock) ------
# requirements.txt et requirements-test.txt disent quoi installer (nom==version) ; les .lock, générés
# par `make lock`, ajoutent toutes les dépendances indirectes et l'empreinte sha256 de chaque fichier :
# pip refuse d'installer un paquet qui n'y est pas ou dont les octets diffèrent (--require-hashes).
# --no-deps : le .lock est complet, pip n'a rien à résoudre ; sans lui, le pip de Debian 12 (23.0) et
# celui de Python 3.11.7 (23.2) refusent une dépendance avec « extra » (pydantic[email]) en mode empreintes.
# `pip check` vérifie ensuite que chaque dépendance déclarée est bien là.
.PHONY: lock

$(STAMP_RUN): requirements.lock requirements.txt requirements-test.txt
	@scripts/ensure-venv "$(PYTHON)" $(VENV)
	@$(PY) scripts/check-lock
	$(PIP) install --require-hashes --no-deps -r requirements.lock
	$(PIP) check
	@touch $@

$(STAMP_TEST): requirements-test.lock $(STAMP_RUN)
	$(PIP) install --require-hashes --no-deps -r requirements-test.lock
	$(PIP) check
	@touch $@

LOCK_FLAGS := --generate-hashes --universal --python-version 3.11.2 --custom-compile-command "make lock" --quiet

# Pas de dépendance vers les fichiers témoins : ils refusent d'installer tant que les .lock sont en retard.
# uv lui-même est installé depuis sa ligne de requirements-test.lock (empreintes vérifiées).
lock: ## Régénère requirements*.lock (versions et empreintes) après un changement de requirements*.txt
	@scripts/ensure-venv "$(PYTHON)" $(VENV)
	@test -x $(VENV)/bin/uv || { $(PY) scripts/check-lock --extract requirements-test.lock uv > $(VENV)/uv.lock.txt \
	  && $(PIP) install --require-hashes --no-deps -r $(VENV)/uv.lock.txt; }
	$(VENV)/bin/uv pip compile requirements-test.txt $(LOCK_FLAGS) -o requirements-test.lock
	$(VENV)/bin/uv pip compile requirements.txt -c requirements-test.lock $(LOCK_FLAGS) -o requirements.lock
	@$(PY) scripts/check-lock && echo "requirements.lock et requirements-test.lock sont à jour."

site: $(STAMP_RUN) ## Valide le contenu puis construit le site (dans output/, ou OUTPUT=dossier)
	$(PY) -m catalogue build --output $(OUTPUT)

check: $(STAMP_RUN) ## Valide tout le contenu sans construire
	$(PY) -m catalogue check --format $(CHECK_FORMAT)

serve: $(STAMP_RUN) ## Construit et sert le site sur http://127.0.0.1:8000/ (PORT=…), reconstruit à chaque modification
	$(PY) -m catalogue serve --port $(PORT)

schema: $(STAMP_RUN) ## Régénère les schémas JSON dans schemas/
	$(PY) -m catalogue schema

test: $(STAMP_TEST) ## Installe les dépendances de test (pip, puis Chromium/Java via apt) et lance pytest
	PLAYWRIGHT_PYTHON=$(PY) scripts/install-test-deps
	$(PY) -m pytest $(PYTEST_ARGS)

clean: ## Supprime le site construit et les fichiers temporaires (garde .venv)
	rm -rf $(OUTPUT) output .output.tmp-*/ .output.old-*/ .build-*/ tests/artifacts .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean ## Comme clean, et supprime aussi .venv
	rm -rf $(VENV)

# ---- banc d'essai (bench/) -------------------------------------------------------------------
SIZES ?=
RUNS  ?=
BENCH_ARGS ?=
.PHONY: bench

bench: $(STAMP_TEST) ## Mesure les performances sur des catalogues synthétiques, contre Pelican et Hugo (SIZES=realistic,large,huge RUNS=n) ; met à jour le README
	bench/install-hugo
	$(PY) bench/run.py $(if $(SIZES),--sizes $(SIZES)) $(if $(RUNS),--runs $(RUNS)) $(BENCH_ARGS)
	$(PY) bench/profile.py --size realistic

# ---- contributions : guide, modèles, éditeur en ligne, résumé des changements ------------------
STRUCTURE ?=
ID        ?=
LIEU      ?=
BASE      ?= origin/main
FORMAT    ?= texte
RESUME    ?=
.PHONY: guide nouvelle-activite nouveau-badge diff admin admin-optional publish

guide: $(STAMP_RUN) ## Régénère les listes de valeurs et d'erreurs de CONTRIBUTING.md
	$(PY) -m catalogue guide

nouvelle-activite: $(STAMP_RUN) ## Crée une activité à partir du modèle : STRUCTURE=le-dome ID=mon-atelier (LIEU=… facultatif)
	@$(PY) -m catalogue nouvelle-activite --structure "$(STRUCTURE)" --id "$(ID)" --lieu "$(LIEU)"

nouveau-badge: $(STAMP_RUN) ## Crée un badge (et son image) à partir du modèle : STRUCTURE=le-dome ID=mon-badge
	@$(PY) -m catalogue nouveau-badge --structure "$(STRUCTURE)" --id "$(ID)"

diff: $(STAMP_RUN) ## Ce que verront les abonnés aux calendriers, par rapport à BASE=origin/main (FORMAT=markdown, RESUME=fichier)
	@$(PY) -m catalogue diff --base "$(BASE)" --format "$(FORMAT)" $(if $(RESUME),--output "$(RESUME)")

admin: $(STAMP_RUN) ## Télécharge l'éditeur en ligne /admin/ (Decap CMS) depuis le registre npm (Node.js et npm requis)
	$(PY) -m catalogue admin

# `make site`, `make serve` et `make test` essaient d'installer l'éditeur ; sans npm ni réseau, ils continuent sans lui.
admin-optional: $(STAMP_RUN)
	@$(PY) -m catalogue admin --optional

site serve test: admin-optional

publish: $(STAMP_RUN) admin-optional ## Construit le site à mettre en ligne (SITE_ABSOLUTE_URL=https://…) ; refuse les données d'exemple
	$(PY) -m catalogue build --output $(OUTPUT) --settings publishconf.py --publish

# ---- mise en ligne : vérifications et annotations des forges ---------------------------------
# CHECK_FORMAT=github (annotations sur les lignes d'une pull request, choisi d'office dans GitHub
# Actions) ou gitlab (rapport Code Quality gl-code-quality-report.json, pour une merge request).
CHECK_FORMAT ?= $(if $(filter true,$(GITHUB_ACTIONS)),github,texte)
.PHONY: check-publication

check-publication: $(STAMP_RUN) ## Liste ce qui empêche la mise en ligne (adresse du site, e-mails example.org, numéros fictifs…)
	$(PY) -m catalogue check --publication --settings publishconf.py

# ---- forme des fichiers, éditeur local, qualité du code (h14-tools) -------------------------------
.PHONY: format editer lint

format: $(STAMP_RUN) ## Écrit les fichiers de contenu dans la forme qu'écrit l'éditeur en ligne (une modification = une ligne)
	$(PY) -m catalogue format

editer: $(STAMP_RUN) ## L'éditeur en ligne sur cette copie (http://localhost:8000/admin/, decap-server depuis npm) et l'aperçu
	$(PY) -m catalogue editer --port $(PORT)

lint: $(STAMP_TEST) ## Vérifie le code (ruff, mypy) et la forme des fichiers de contenu (catalogue format --check)
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m catalogue format --check

test: lint
