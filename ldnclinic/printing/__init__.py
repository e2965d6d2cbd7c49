"""PDF documents with ReportLab: document models in, PDF bytes out.

Layering note: printing sits below the services, so it cannot import service DTOs; it
imports the domain, ReportLab and the standard library only.

- The prescription's document model (`PrescriptionDocument`) lives in the domain
  (`ldnclinic.domain.prescriptions.document`), because checking it for the elements Texas
  requires is a domain rule that runs before anything is printed; `prescription.py` only
  lays it out.
- Other documents define the small frozen dataclass they render in their own module
  (the fax cover's `FaxCover`, later the handouts); the service that prints maps its
  DTOs onto it.

`styles.py` holds the look as data (page geometry, colours, fonts, paragraph styles),
`templates.py` the page furniture (footer, watermark, microprint line, QR code), and
`fonts.py` registers the embedded DejaVu fonts (package data, ldnclinic/resources/fonts).
"""
