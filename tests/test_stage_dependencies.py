"""dvc.yaml's dependencies cannot go stale: every module of the package a
stage imports, directly or through other modules, at the top of a file or
inside a function, must be among the stage's dependencies. Otherwise an edit
to it would leave the stage's outputs as they were, and ``dvc repro`` would
call them up to date."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from pipeline.cli import COMMANDS

REPO = Path(__file__).resolve().parents[1]
PACKAGE = "pipeline"


def module_file(name: str) -> Path | None:
    """The file of a module of the package, or None for anything else."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    path = REPO / Path(*name.split("."))
    if (path / "__init__.py").exists():
        return path / "__init__.py"
    if path.with_suffix(".py").exists():
        return path.with_suffix(".py")
    return None


def imported_modules(path: Path) -> set[str]:
    """Every ``pipeline`` module a file names in an import statement, the
    packages on the way included (importing ``pipeline.nlp.loader`` runs
    ``pipeline/nlp/__init__.py`` too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # ``from pipeline import score``: score may be a module itself
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    found = set()
    for name in names:
        parts = name.split(".")
        for end in range(2, len(parts) + 1):
            prefix = ".".join(parts[:end])
            if module_file(prefix):
                found.add(prefix)
    return found


def transitive_files(module: str) -> set[Path]:
    """The files of ``module`` and of every package module it reaches."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = module_file(name)
        if path is not None:
            todo.extend(imported_modules(path) - seen)
    files = {module_file(name) for name in seen}
    # A package's __init__ that only holds its docstring changes nothing.
    return {path for path in files if path is not None and not docstring_only(path)}


def docstring_only(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) for node in body)


def resolved(dependency: str, params: dict) -> Path:
    """A dependency path with dvc.yaml's ``${section.key}`` filled in."""

    def value(match: re.Match) -> str:
        node = params
        for key in match.group(1).split("."):
            node = node[key]
        return str(node)

    return REPO / re.sub(r"\$\{([^}]+)\}", value, dependency)


def stages() -> list[tuple[str, str, list[Path]]]:
    dvc = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    found = []
    for name, stage in dvc["stages"].items():
        command = stage["cmd"].split()
        assert command[0] == "samenspraak", name
        module = COMMANDS[command[1]][0]
        found.append((name, module, [resolved(d, params) for d in stage.get("deps", [])]))
    return found


@pytest.mark.parametrize("stage, module, dependencies", stages(), ids=[s[0] for s in stages()])
def test_every_imported_module_is_a_dependency_of_its_stage(stage, module, dependencies):
    def covered(path: Path) -> bool:
        return any(path == dep or dep in path.parents for dep in dependencies)

    missing = sorted(str(path.relative_to(REPO)) for path in transitive_files(module) if not covered(path))
    assert not missing, f"stage {stage} imports these without depending on them in dvc.yaml: {missing}"


def test_the_import_walk_finds_imports_inside_functions_and_packages():
    """The walk is not vacuous: the train stage reaches the NLP package only
    through an import inside main(), and the score stage reaches the
    correction module."""
    assert REPO / "pipeline/nlp/__init__.py" in transitive_files("pipeline.stages.train")
    assert REPO / "pipeline/figures/correction.py" in transitive_files("pipeline.figures.scores")
    assert REPO / "pipeline/stages/export.py" not in transitive_files("pipeline.figures.scores")


@pytest.mark.parametrize("stage, module, dependencies", stages(), ids=[s[0] for s in stages()])
def test_no_stage_depends_on_code_it_does_not_import(stage, module, dependencies):
    """The other direction: a listed module the stage never reaches would
    re-run it, for hours on a large corpus, after an unrelated edit."""
    reached = transitive_files(module)
    code = [dep for dep in dependencies if dep.suffix == ".py"]
    extra = sorted(str(dep.relative_to(REPO)) for dep in code if dep not in reached)
    assert not extra, f"stage {stage} depends on modules it does not import: {extra}"
