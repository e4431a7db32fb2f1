"""File formats for researchers: the Frictionless data package and the
REFI-QDA project."""
