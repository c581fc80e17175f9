"""Validate stage: every rule over a read project, every diagnostic in one run."""
