"""The language of an article, from its most frequent short words.

Only two things depend on it: sentencex's abbreviation rules (a Czech "např." does not end
a sentence) and whether the English clause rules run. A few hundred words are enough to
tell, so only the start of a long text is read.
"""

import re
from collections import Counter

ENGLISH = "en"
SAMPLE_CHARS = 20_000
MIN_DISTINCT = 4
WORD = re.compile(r"[^\W\d_]+")
# Function words that are frequent in one language and rare in the others listed.
FUNCTION_WORDS = {
    "en": "the and of to is that it was for are with this have not be by from they which",
    "cs": "a se na je že to v s z do jako by jsou ale pro také který které již podle",
    "sk": "a sa na je že to v s z do ako by sú ale pre tiež ktorý ktoré už podľa",
    "pl": "i się na jest że to w z do jak by są ale dla także który które już według",
    "de": "der die und das ist nicht zu den mit von sich des auch ein eine dass für",
    "fr": "le la les et des est que une dans pour pas qui sur par du au avec",
    "es": "el la los las y de que en es por una con para del se no al",
    "it": "il la che di e è per una non con del della sono gli nel da",
    "nl": "de het een en van is dat niet op te met voor zijn ook er",
    "pt": "o a os as e de que em um uma não para com do da por se",
}
WORD_SETS = {code: set(words.split()) for code, words in FUNCTION_WORDS.items()}


def guess_language(text: str) -> str:
    """The code of the language whose function words the text uses most; English when
    fewer than MIN_DISTINCT of any language's words occur (a short or repetitive text)."""
    counts = Counter(word.lower() for word in WORD.findall(text[:SAMPLE_CHARS]))
    scores = {
        code: (sum(1 for w in words if counts[w]), sum(counts[w] for w in words))
        for code, words in WORD_SETS.items()
    }
    best = max(scores, key=lambda code: (*scores[code], code == ENGLISH))
    return best if scores[best][0] >= MIN_DISTINCT else ENGLISH


def words_of(text: str) -> frozenset[str]:
    """A closed class of words, written as one string for legibility."""
    return frozenset(text.split())
