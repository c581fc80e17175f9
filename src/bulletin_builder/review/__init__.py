"""Review: what changed between revisions (diff), and new bulletins or editions (new)."""
