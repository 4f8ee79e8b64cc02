"""Articles in: the ``Document`` type and the one reader of files, folders, JSONL lines and pasted text.

Modules, one job each: ``document`` (the types), ``loader`` (the reader), ``article`` (one text to a named,
cleaned Document), ``formats`` (JSONL, HTML, Markdown, pasted text), ``encoding`` (bytes to text),
``cleaning`` and ``leftovers`` (web-page leftovers out), ``injection`` (text addressed to a model out),
``notices`` (web notices are not articles) and ``limits`` (how much one input may hold).
"""

from summarizer.documents.article import document_from_text, screen_document, unique_id
from summarizer.documents.document import Document, Injection, Loaded, Pasted, Skipped
from summarizer.documents.encoding import decode_line
from summarizer.documents.formats import SUPPORTED, split_pasted
from summarizer.documents.limits import MAX_FILE_BYTES, MAX_PASTED_CHARS
from summarizer.documents.loader import Input, load_documents, pasted_articles, read_jsonl_line
from summarizer.documents.notices import notice_kind

__all__ = [
    "MAX_FILE_BYTES", "MAX_PASTED_CHARS", "SUPPORTED", "Document", "Injection", "Input", "Loaded", "Pasted", "Skipped",
    "decode_line", "document_from_text", "load_documents", "notice_kind", "pasted_articles", "read_jsonl_line",
    "screen_document", "split_pasted", "unique_id",
]
