"""The region's progress report: where each school stands on its way onto Сферум.

:mod:`.status` decides a school's stage from its file (the same steps and
the same «done» as ``checklist admin``), :mod:`.collect` reads many school
files as ``validate`` does and adds them up by municipality and region, and
:mod:`.formats` is the one list of output formats (text, markdown, csv,
xlsx, json, html) — each rendered by its own module from the same
:class:`~.status.RegionReport`.
"""
