"""``samenspraak cache``: what the per-document cache holds, and emptying it.

samenspraak cache            how many entries and bytes, per stage
samenspraak cache clean      remove it (the next run analyses everything again)
"""

from __future__ import annotations

import argparse
import logging

from pipeline import paths
from pipeline.cache import clean
from pipeline.logs import setup_logging
from pipeline.settings import load_settings

log = logging.getLogger("samenspraak.cache")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak cache", description=__doc__.split("\n")[0])
    parser.add_argument("action", nargs="?", choices=["show", "clean"], default="show")
    parser.add_argument("--params", default=str(paths.PARAMS))
    args = parser.parse_args(argv)
    setup_logging()
    folder = load_settings(args.params).cache.dir
    if args.action == "clean":
        log.info("removed %d files from %s", clean(folder), folder)
        return 0
    if not folder.exists():
        log.info("%s is empty", folder)
        return 0
    for stage in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = [p for p in stage.rglob("*.parquet")]
        log.info("%s: %d files, %.1f MB", stage.name, len(files), sum(p.stat().st_size for p in files) / 1e6)
    return 0
