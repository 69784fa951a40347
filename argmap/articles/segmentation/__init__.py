"""Finding argument units in an article's text, in linear time.

``sentences`` cuts a paragraph into sentences (sentencex, with quotation marks read as
spaces so that a quoted passage of several sentences gives one span per sentence);
``clauses`` cuts an English sentence again where a connective joins two clauses;
``language`` tells which language a text is in, so that the sentence rules fit it and
clause rules run only on English. Every span keeps exact character offsets into the body.
"""
