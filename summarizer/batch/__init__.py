"""Large inputs: a JSONL of articles summarized chunk by chunk (or added to a story index chunk by chunk and its
changed stories summarized at the end), resumably, locally or on Ray workers."""

from summarizer.batch.run import ENGINES, BatchError, BatchReport, run_batch

__all__ = ["ENGINES", "BatchError", "BatchReport", "run_batch"]
