"""Build stage: plan what is stale, render it in parallel, write it atomically."""
