"""A region's table of schools: ``import`` (table → school files) and ``export``.

- :mod:`~sferum_cli.table.columns`: the columns a table can carry, their
  Russian headers and synonyms, the choices of drop-down lists;
- :mod:`~sferum_cli.table.importer`: decides each row (created, updated,
  unchanged, error), creates new schools' files, writes;
- :mod:`~sferum_cli.table.reading`: the table's rows, its header row, each
  row's values as the school file's text;
- :mod:`~sferum_cli.table.checking`: a row validated as ``validate`` would,
  its problems moved to their cells;
- :mod:`~sferum_cli.table.updating`: the school files already in the folder
  (found by ИНН) and a row's update of one;
- :mod:`~sferum_cli.table.outcomes`: what ``import`` decides (each row's
  outcome, the plan) and its problems;
- :mod:`~sferum_cli.table.edit`: changes values in a school file's text in
  place, keeping everything else byte for byte;
- :mod:`~sferum_cli.table.workbook`: the XLSX/CSV the region edits (template
  and export);
- :mod:`~sferum_cli.table.reporting`: what ``import`` prints (text, JSON,
  GitHub annotations).
"""
