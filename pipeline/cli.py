"""The ``samenspraak`` command: one sub-command per stage or tool.

``dvc repro`` calls the stages through this same entry point, so a stage
behaves identically whether DVC or a person runs it.
"""

from __future__ import annotations

import importlib
import sys

from pipeline.settings import SettingsError

COMMANDS = {
    "ingest": ("pipeline.stages.ingest", "read a corpus folder into data/documents.parquet"),
    "annotate": ("pipeline.stages.annotate", "split sentences and tag tokens with the Dutch NLP layer"),
    "detect": ("pipeline.stages.detect", "find lexicon markers and grammatical signals in every sentence"),
    "weak-labels": (
        "pipeline.stages.weak_labels",
        "corpus sentences labelled by the lexicon for training (train.weak_labels)",
    ),
    "train": ("pipeline.stages.train", "fit and evaluate the sentence classifier on labelled sentences"),
    "evaluate": ("pipeline.stages.evaluate", "measure classifier and rule baseline on the real dev sets"),
    "classify": ("pipeline.stages.classify", "label sentences: INPUT -o OUTPUT, or --corpus for the stage"),
    "score": ("pipeline.stages.score", "document and group figures with bootstrap intervals"),
    "topics": ("pipeline.stages.topics", "phrases, LDA topics and lexicon candidates (gensim)"),
    "export": ("pipeline.stages.export", "tables, data package, codebook, provenance and REFI-QDA project in exports/"),
    "select-model": (
        "pipeline.tools.select_model",
        "compare classifier settings by passage and leave-one-text-type-out CV",
    ),
    "label-agreement": (
        "pipeline.tools.label_agreement",
        "agreement between independent annotators of the labelled passages",
    ),
    "ud-eval": ("pipeline.tools.ud_eval", "measure the NLP layer against UD Dutch treebanks"),
    "cache": ("pipeline.tools.cache", "show or clean the per-document cache (cache.dir in params.yaml)"),
}


def usage() -> str:
    lines = ["usage: samenspraak COMMAND [options]", "", "commands:"]
    lines += [f"  {name:10} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    lines += ["", "'samenspraak COMMAND --help' shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    try:
        return int(module.main(rest) or 0)
    except SettingsError as error:
        # A typo in params.yaml: say which keys, without a traceback.
        print(f"samenspraak {name}: invalid settings\n{error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
