"""Model stage: typed records from the positioned tree, the project, editions, schema."""
