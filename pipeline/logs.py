"""One log format for every stage, and progress bars that stay out of the
way: the pipeline's log is in English (its readers are the people running
it), the explorer speaks Dutch to analysts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
T = TypeVar("T")


def setup_logging(level: int = logging.INFO) -> None:
    """Configure the root logger once per process (a stage's ``main()``
    calls this; a library never does)."""
    logging.basicConfig(level=level, format=FORMAT, datefmt="%H:%M:%S", force=True)


def progress(items: Iterable[T], description: str, total: int | None = None, unit: str = "it") -> Iterator[T]:
    """``tqdm`` on a terminal, nothing in a log file or a test: a bar in
    DVC's captured output would only add noise."""
    return iter(tqdm(items, desc=description, total=total, unit=unit, disable=None, leave=False))
