"""The content engine: entries, parsing (canonical and exported formats), writer, library, search,
safe rendering. Needs no NumPy."""
