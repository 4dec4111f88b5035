"""The corpus view: copies, stories, corpus events, corpus actors.

One stage per module, each incremental (a new document is placed against what is
already there; nothing is recomputed over the corpus):

- ``copies``: near-duplicate articles (MinHash + LSH over word 5-grams);
- ``stories``: documents about one happening, grouped through an inverted index of
  their rare features;
- ``event_links``: event mentions of different documents that report one happening;
- ``actors``: the entities of many documents linked into corpus actors.
"""
