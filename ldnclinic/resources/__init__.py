"""What the app ships besides code: the fonts every PDF embeds (fonts/, with their licence) and
the patient handout texts (handouts/en, handouts/es). They are package data: read them with
`importlib.resources.files("ldnclinic.resources")`, never by a path from the source tree, so
an installed copy and a desktop bundle find them too."""
