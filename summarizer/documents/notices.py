"""Web notices: what scrapers save in place of an article (a Twitter location prompt, a Wayback Machine
capture note). Summarized, a notice becomes a story of its own, so every reader skips it with this check."""

from __future__ import annotations

import re

from summarizer.documents.document import Document
from summarizer.text import word_count

__all__ = ["notice_kind"]

# Web notices are short texts made of a platform's own vocabulary: three different cue terms in at most 150
# words. An article about Twitter or an archive is longer, or uses the words as its topic, not as interface
# text ("location history", "outbound links", "WARC").
_NOTICE_WORDS = 150
_NOTICE_CUES = {
    "social media": re.compile(r"\b(?:tweets?|retweets?|embed(?:ded)? tweets?|location (?:information|history)|"
                               r"precise location|third-party applications|learn more|tweet is unavailable|"
                               r"view on twitter|copy link to tweet)\b", re.IGNORECASE),
    "web archive": re.compile(r"\b(?:crawl(?:s|ed|er)?|wayback machine|internet archive|warc|archive-it|"
                              r"web collections?|seeds?|captures?|embargo|outbound links|incoming links|"
                              r"inter-domain|urls|archived? (?:the )?pages)\b", re.IGNORECASE),
}
_NEEDED_CUES = 3


def notice_kind(document: Document) -> str | None:
    """``"social media"`` or ``"web archive"`` when the document is a platform notice, not an article.

    >>> notice_kind(Document("t", "Tweet with a location", "Add location information to your Tweets "
    ...                      "from third-party applications. Learn more", "t.txt"))
    'social media'
    """
    text = f"{document.title}\n{document.text}"
    if word_count(text) > _NOTICE_WORDS:
        return None
    for kind, cues in _NOTICE_CUES.items():
        # Different cues, singular and plural counted once: "tweet" and "tweets" are one cue.
        if len({cue.lower().rstrip("s") for cue in cues.findall(text)}) >= _NEEDED_CUES:
            return kind
    return None
