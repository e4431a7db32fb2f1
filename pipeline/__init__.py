"""Samenspraak: measure claimed versus practised collaboration in Dutch texts.

The package holds one module per DVC stage (``ingest``, ``annotate``, ...)
and the libraries those stages share (``nlp``, ``clean``, ...).
"""

__version__ = "0.1.0"
