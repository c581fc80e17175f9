"""``bulletin serve``: a live preview of the bulletins, English and French side by side.

The stages, one module each: :mod:`.pipeline` (the only door into validation and the
renderers), :mod:`.cache` (outputs by content hash), :mod:`.state` (what the preview shows
after each save), :mod:`.watcher` (file changes in, server-sent events out), :mod:`.pages`
(the preview's own pages), :mod:`.app` (routes and security headers) and :mod:`.server`
(uvicorn, the address, Ctrl-C).
"""
