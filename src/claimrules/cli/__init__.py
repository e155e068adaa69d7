"""The ``claimrules`` command (:func:`main`)."""

from claimrules.cli.app import main

__all__ = ["main"]
