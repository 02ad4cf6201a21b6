# Attention Atlas: `make run` starts the app, `make test` runs every test.
# Both create .venv from the pinned requirements on first use (Python 3.11).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
PORT ?= 8501

.PHONY: run test train eval samples bench clean

$(RUNTIME): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(RUNTIME)
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: $(DEV)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

# Trains the bundled ViT (about 13 minutes on 2 cores), then remakes the gallery from its answers;
# then the twelve translators (model/translate, training/train_translation.py), one direction per core:
# each model trains on one thread, as the bundled weights were, so running the two at once changes no weight;
# then the two captioners (model/caption, training/train_captioner.py).
train: $(RUNTIME)
	$(PY) -m training.train_small_vit
	$(PY) -m training.gallery
	$(PY) -m training.train_translation --only ko-en & ko_en=$$!; \
	$(PY) -m training.train_translation --only en-ko && wait $$ko_en
	$(PY) -m training.train_captioner --only additive & additive=$$!; \
	$(PY) -m training.train_captioner --only none && wait $$additive

eval: $(RUNTIME)
	$(PY) -m training.eval_small_vit
	$(PY) -m training.eval_translation
	$(PY) -m training.eval_captioner

samples: $(RUNTIME)
	$(PY) -m training.gallery

bench: $(DEV)
	$(PY) -m bench.train_speed
	$(PY) -m bench.trace_speed
	$(PY) -m bench.app_speed

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts
