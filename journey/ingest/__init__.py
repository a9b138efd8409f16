"""Getting survey files in: reading, recognising, mapping, validating and importing them."""
