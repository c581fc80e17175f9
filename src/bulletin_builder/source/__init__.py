"""Source stage: find the files of a bulletins folder, read them, keep every position."""
