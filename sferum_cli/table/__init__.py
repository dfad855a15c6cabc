"""A region's table of schools: ``import`` (table → school files) and ``export``.

- :mod:`~sferum_cli.table.columns`: the columns a table can carry, their
  Russian headers and synonyms, the choices of drop-down lists;
- :mod:`~sferum_cli.table.importer`: rows → checked values → created,
  updated or unchanged school files;
- :mod:`~sferum_cli.table.edit`: changes values in a school file's text in
  place, keeping everything else byte for byte;
- :mod:`~sferum_cli.table.workbook`: the XLSX/CSV the region edits (template
  and export);
- :mod:`~sferum_cli.table.reporting`: what ``import`` prints (text, JSON,
  GitHub annotations).
"""
