"""ud_eval on a tiny CoNLL-U file written here, and on a slice of a dev file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.tools import ud_eval

# Two own sentences, annotated by hand in the UD Dutch style.
TINY = """# newdoc id = eigen-1
# sent_id = 1
# text = De buren werkten samen.
1\tDe\tde\tDET\tLID|bep|stan|rest\tDefinite=Def\t2\tdet\t_\t_
2\tburen\tbuur\tNOUN\tN|soort|mv|basis\tNumber=Plur\t3\tnsubj\t_\t_
3\twerkten\tsamen_werken\tVERB\tWW|pv|verl|mv\tNumber=Plur|Tense=Past|VerbForm=Fin\t0\troot\t_\t_
4\tsamen\tsamen\tADV\tBW\t_\t3\tcompound:prt\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\tLET\t_\t3\tpunct\t_\t_

# sent_id = 2
# text = Het plan is goedgekeurd.
1\tHet\thet\tDET\tLID|bep|stan|evon\tDefinite=Def\t2\tdet\t_\t_
2\tplan\tplan\tNOUN\tN|soort|ev|basis|onz|stan\tGender=Neut|Number=Sing\t4\tnsubj:pass\t_\t_
3\tis\tzijn\tAUX\tWW|pv|tgw|ev\tNumber=Sing|Tense=Pres|VerbForm=Fin\t4\taux:pass\t_\t_
4\tgoedgekeurd\tgoed_keuren\tVERB\tWW|vd|vrij|zonder\tVerbForm=Part\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\tLET\t_\t4\tpunct\t_\t_

"""


def test_reads_conllu_and_joins_documents(tmp_path: Path) -> None:
    path = tmp_path / "eigen-test.conllu"
    path.write_text(TINY, encoding="utf-8")
    sentences = ud_eval.read_conllu(path)
    assert [len(s.tokens) for s in sentences] == [5, 5]
    assert sentences[0].newdoc and not sentences[1].newdoc
    assert sentences[0].tokens[3].space_after is False
    text, ends = ud_eval.joined_text(sentences)
    assert text == "De buren werkten samen. Het plan is goedgekeurd."
    assert ends == [len("De buren werkten samen."), len(text)]
    assert ud_eval.feature_set("Number=Sing|Gender=Neut") == ud_eval.feature_set("Gender=Neut|Number=Sing")


def test_main_writes_figures_for_every_file(tmp_path: Path) -> None:
    (tmp_path / "ud").mkdir()
    (tmp_path / "ud" / "eigen-test.conllu").write_text(TINY, encoding="utf-8")
    out = tmp_path / "metrics" / "ud.json"
    code = ud_eval.main(["--ud-dir", str(tmp_path / "ud"), "--out", str(out), "--no-hanta-baseline"])
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    figures = report["files"]["eigen-test.conllu"]
    assert figures["tokens"] == 10 and figures["sentences"] == 2
    for key in ("upos", "xpos", "ufeats", "lemma", "sent_precision", "sent_recall", "sent_f1"):
        assert 0.0 <= figures[key] <= 100.0
    assert figures["upos"] >= 80.0
    assert figures["sent_f1"] == 100.0
    assert figures["tagging_words_per_second"] > 0
    assert report["model"]["has_parser"] is False
    assert report["model_setting"] == "default"


def test_missing_folder_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert ud_eval.main(["--ud-dir", str(tmp_path / "absent"), "--out", str(out)]) == 0
    assert not out.exists()
    assert "nothing measured" in capsys.readouterr().err


def _shared_ud_dir() -> Path | None:
    repo = Path(__file__).resolve().parents[2]
    for candidate in (repo.parent / "shared" / "data" / "ud-dutch", Path("/work/shared/data/ud-dutch")):
        if candidate.is_dir():
            return candidate
    return None


def test_first_sentences_of_a_shared_dev_file(tmp_path: Path) -> None:
    ud_dir = _shared_ud_dir()
    if ud_dir is None:
        pytest.skip("shared UD Dutch data (../shared or /work/shared) is not available")
    dev_files = sorted(ud_dir.glob("*-dev.conllu"))
    if not dev_files:
        pytest.skip("no *-dev.conllu file in the shared UD Dutch folder")
    selection = tmp_path / "ud"
    selection.mkdir()
    target = selection / dev_files[0].name
    try:
        os.symlink(dev_files[0], target)
    except OSError:
        shutil.copyfile(dev_files[0], target)
    out = tmp_path / "dev.json"
    assert ud_eval.main(["--ud-dir", str(selection), "--out", str(out), "--limit", "50", "--no-hanta-baseline"]) == 0
    figures = json.loads(out.read_text(encoding="utf-8"))["files"][dev_files[0].name]
    assert figures["sentences"] == 50
    assert figures["upos"] > 90.0
    assert figures["lemma"] > 90.0
