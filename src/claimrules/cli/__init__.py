"""The ``claimrules`` command (:func:`main`).

The group, its shared options and exit codes are :mod:`claimrules.cli.app`; the commands, by
group: :mod:`~claimrules.cli.decide` (decide, explain, case-file, demo),
:mod:`~claimrules.cli.reports` (one command per report), :mod:`~claimrules.cli.profiles`
(validate, check, diff, schema) and :mod:`~claimrules.cli.data` (generate). Each registers its
commands on :func:`main` when imported; importing this package imports them all.
"""

from claimrules.cli import data, decide, profiles, reports  # noqa: F401  (register the commands)
from claimrules.cli.app import main

__all__ = ["main"]
