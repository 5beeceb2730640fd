"""The local web app (``nqparse serve``): upload a document, review it, download workbook and plans."""
