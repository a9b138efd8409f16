"""The files users write (mapping, definitions, settings, codebook), as declared schemas."""
