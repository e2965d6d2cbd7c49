"""The safety screen a script passes before approval: the stops and warnings (screen), the
words and codes it looks for (terms), and how it reads and quotes free text (free_text)."""
