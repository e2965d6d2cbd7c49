"""The safety screen a script passes before approval: the stops and warnings (screen), what a
finding is and what a prescriber's decision covers (findings), the words and codes it looks
for (terms), and how it reads and quotes free text (free_text)."""
