"""The Word renderer: python-docx on the reference document ``templates/bulletin.docx``."""
