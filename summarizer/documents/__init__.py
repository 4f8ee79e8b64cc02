"""Articles in: the ``Document`` type and the one reader of files, folders, JSONL lines and pasted text."""

from summarizer.documents.loader import (
    SUPPORTED,
    Document,
    Loaded,
    Skipped,
    document_from_text,
    load_documents,
    notice_kind,
    split_pasted,
)

__all__ = [
    "SUPPORTED", "Document", "Loaded", "Skipped", "document_from_text", "load_documents", "notice_kind",
    "split_pasted",
]
