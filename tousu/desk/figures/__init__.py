"""The supervisor's figures page (``/desk/figures/``): charts and tables from
``tousu.analytics.figures.tables``, their filters, drill-down to the queue and CSV / XLSX
export of every table (docs/desk.md#figures)."""
