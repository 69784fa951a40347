"""Reading the structure of an argument from its units: plain Python, no Django, no HTTP.

``markers`` finds the words a reader of argumentation looks for (discourse markers,
negation, reported objections); ``embeddings`` turns texts into vectors of meaning;
``structure`` ranks, for each unit, the parents it most likely hangs under and how
(supports, opposes, answers), and picks the central claim; ``drafts`` makes one text's
draft tree of those; ``similarity`` finds texts that say the same thing among many stored
vectors.
"""
