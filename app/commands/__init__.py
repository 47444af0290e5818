"""Headless commands of ``python -m app`` (``match``, ``import``...), wired by app/cli.py.

Each module exposes ``add_arguments(parser)`` and ``run(args) -> int``.
"""
