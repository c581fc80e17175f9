"""bulletin-builder: the CBSA helpdesk bulletins, validated and rendered in English and French."""

__version__ = "0.1.0"
