"""The project's spaCy components are found through ``spacy_factories``
entry points: a pipeline saved with ``nlp.to_disk`` loads with plain
``spacy.load`` in a process that never imported ``pipeline``."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

from pipeline.nlp.hanta_tagger import FACTORY_NAME as HANTA
from pipeline.nlp.loader import build_default_nlp
from pipeline.nlp.segmenter import FACTORY_NAME as SENTENCIZER

LOAD_IN_A_FRESH_PROCESS = """
import json, sys
import spacy
assert "pipeline" not in sys.modules
nlp = spacy.load(sys.argv[1])
doc = nlp("De wijkverpleegkundige belde de huisarts. Samen bezochten ze mevrouw Jansen.")
print(json.dumps({
    "sentences": [s.text for s in doc.sents],
    "lemmas": [t.lemma_ for t in doc],
    "pos": [t.pos_ for t in doc],
    "markers": [s.text for s in doc.spans.get("markers", [])],
}))
"""


def test_every_project_factory_has_an_entry_point():
    names = {entry.name for entry in entry_points(group="spacy_factories")}
    assert {SENTENCIZER, HANTA, "samenspraak_markers"} <= names


def test_a_saved_default_pipeline_loads_with_plain_spacy_load(tmp_path):
    nlp = build_default_nlp()
    nlp.add_pipe("samenspraak_markers")
    expected = nlp("De wijkverpleegkundige belde de huisarts. Samen bezochten ze mevrouw Jansen.")
    nlp.to_disk(tmp_path / "saved")
    result = subprocess.run(
        [sys.executable, "-c", LOAD_IN_A_FRESH_PROCESS, str(tmp_path / "saved")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["sentences"] == [s.text for s in expected.sents]
    assert loaded["lemmas"] == [t.lemma_ for t in expected]
    assert loaded["pos"] == [t.pos_ for t in expected]
    assert loaded["markers"] == [s.text for s in expected.spans["markers"]]
    assert loaded["markers"], "the marker component found nothing to compare"
