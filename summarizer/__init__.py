"""summarizer: group news articles into stories and summarize each article and each story.

>>> from summarizer import summarize
>>> result = summarize(["First article text ...", "Second article text ..."], model="extractive")
"""

from .cache import ResultCache
from .chunker import Story, TfidfChunker, group_documents
from .documents import Document, Skipped, load_documents
from .errors import InputError, ModelError, SummarizerError
from .pipeline import Summarizer, summarize
from .results import DocumentSummary, StorySummary, SummaryResult
from .settings import SummarySettings

__all__ = [
    "Document", "DocumentSummary", "InputError", "ModelError", "ResultCache", "Skipped", "Story", "StorySummary",
    "SummarizerError", "SummaryResult", "Summarizer", "SummarySettings", "TfidfChunker", "group_documents",
    "load_documents", "summarize",
]
