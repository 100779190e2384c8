"""Stage 1, load and clean: paths in, cleaned text and metadata out.

- :mod:`~reportmine.ingest.files`: files, folders, globs, standard input and JSON Lines ->
  :class:`~reportmine.ingest.files.RawDocument` (text, source, line, metadata); encodings detected;
  unreadable inputs become :class:`~reportmine.errors.InputError` naming the file and line.
- :mod:`~reportmine.ingest.html`: an HTML page -> its article text and metadata.
- :mod:`~reportmine.ingest.clean`: raw text -> the cleaned text every record's span indexes.
- :mod:`~reportmine.ingest.textmeta`: headline, date, source and byline written in the text itself.

Builds on :mod:`reportmine.text` for character folds and the simplified script; nothing here
knows about extraction or the KB.
"""
