"""ldnclinic: desktop practice management for a Texas low-dose naltrexone clinic."""

__version__ = "0.1.0"
