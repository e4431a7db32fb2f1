"""The codebook's three fields and the labels each may take, in one place.

Kept apart from :mod:`pipeline.model.estimators` so that code that only checks or
shows labels (the label files, the exports, the explorer) does not import
scikit-learn, which takes seconds.
"""

FIELDS = ("collab", "register", "mode")
LABELS = {
    "collab": ("no", "yes"),
    "register": ("coordination", "dialogue", "mixed", "unmarked"),
    "mode": ("claimed", "practised", "reflective"),
}
