"""``python -m claimrules``: the same as the ``claimrules`` command."""

from claimrules.cli import main

main()
