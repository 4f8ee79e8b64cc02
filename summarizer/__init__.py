"""summarizer: group news articles into stories and summarize each article and each story.

>>> from summarizer import summarize
>>> result = summarize(["First article text ...", "Second article text ..."], model="extractive")
"""

from summarizer.cache import ResultCache
from summarizer.chunker import Story, TfidfChunker, group_documents
from summarizer.documents import Document, Skipped, load_documents
from summarizer.drafts import Draft
from summarizer.errors import InputError, ModelError, SummarizerError
from summarizer.pipeline import Summarizer, summarize
from summarizer.results import DocumentSummary, StorySummary, SummaryResult, TimelineEvent
from summarizer.settings import SummarySettings

__all__ = [
    "Document", "DocumentSummary", "Draft", "InputError", "ModelError", "ResultCache", "Skipped", "Story",
    "StorySummary", "SummarizerError", "SummaryResult", "Summarizer", "SummarySettings", "TfidfChunker",
    "TimelineEvent", "group_documents", "load_documents", "summarize",
]
