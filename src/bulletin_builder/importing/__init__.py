"""``bulletin import``: Word, HTML and text bulletins turned into source files that validate.

Three readers (:mod:`.docx_reader`, :mod:`.html_reader`, :mod:`.text_reader`) turn a file
into the same few blocks (:mod:`.blocks`): paragraphs, lists and tables whose cells are
already Markdown. :mod:`.mapping` then recognises each table by its header labels
(:mod:`.shapes`: one mapper per table shape, in English and French) and fills the records;
whatever it cannot place is kept, with a ``TODO`` marker, in the bulletin's body.
:mod:`.run` writes the files (never over an existing one) and validates them.
"""
