"""Tests of the story index (summarizer/index); a package, so its conftest does not clash with another folder's."""
