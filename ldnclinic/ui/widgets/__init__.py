"""Small reusable widgets: forms that validate as you type, tables over DTO lists, icons."""
