"""Data in: the yearly actuals and budget amounts read from CSV and XLSX
files into :class:`~sphinxcontrib_keikaku.core.records.DataRecord` values."""
