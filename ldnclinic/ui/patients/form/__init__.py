"""The patient form, split into sections: identity, contact, care (contacts, pharmacy,
consents) and clinical lists. `PatientForm` puts them together; the new-patient dialog and
the chart's edit mode both use it.
"""
