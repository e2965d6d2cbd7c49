"""Patient handouts: the text format clinicians edit (texts), a packet filled for one patient
(packet), and the words each handout language needs (language)."""
