"""After registration: checklists per role, teacher rosters, class handouts.

* :mod:`.steps` — what each role does, in Russian, with stable English ids;
* :mod:`.checklists` — the state of those steps for one school (a result object);
* :mod:`.render` — the result as rich, text, markdown or JSON;
* :mod:`.roster` — teacher lists from CSV/XLSX;
* :mod:`.handouts` — one DOCX page per class with the invite link and its QR code.
"""
