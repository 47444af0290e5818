"""Generator B: labelled duplicate-matching data made without any of the repository's code or
name tables (see README.md)."""
