"""Open data: the catalogue as files to reuse (catalogue.json, CSV) and in data·inclusion's schema v1."""
