"""The ui's ground floor: small reusable widgets and what every feature builds on.

Theme and tones, formatting, prompts, workers and error reports, the PDF preview, forms that
validate as you type, the save flow, tables over DTO lists, icons, the chart's tab registry
(`chart_tabs`) and the openers (`openers`) through which features reach each other. It imports
no feature package and not the shell (the ui's import-linter layers contract checks this).
"""
