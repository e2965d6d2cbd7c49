"""PDF documents with ReportLab: document models in, PDF bytes out.

Layering note: printing sits below the services, so it cannot import service DTOs.
Each document module defines the small frozen dataclass it renders (its "document
model"); the service that prints maps its DTOs onto it. Prescriptions and handouts
(later issues) follow this pattern.
"""
