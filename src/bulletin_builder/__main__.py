"""``python -m bulletin_builder`` runs the ``bulletin`` command."""

from bulletin_builder.cli import main

main()
