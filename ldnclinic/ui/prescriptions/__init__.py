"""Prescriptions in the app: the approval and print queues, PDF preview and printing."""
