"""`tone serve`: the HTTP API and the draft-feedback web page."""
