"""Tidying model output into finished prose."""

from summarizer.postprocess import finish_summary


def test_preamble_lists_and_repeats_are_removed():
    raw = "Here is a summary of the articles:\n\n- The bridge closed. \n- The bridge closed.\n- Ferries run."
    assert finish_summary(raw, 100) == "The bridge closed. Ferries run."


def test_output_ends_on_a_full_sentence():
    assert finish_summary("The bridge closed on Monday. Engineers said the", 100) == "The bridge closed on Monday."


def test_output_stops_at_the_word_limit_on_a_sentence_boundary():
    raw = " ".join(f"Sentence number {i} is here." for i in range(30))
    out = finish_summary(raw, 20)
    assert len(out.split()) <= 20 and out.endswith(".")


def test_one_overlong_sentence_is_cut_and_marked():
    out = finish_summary(" ".join(["word"] * 50), 10)
    assert out.endswith("…") and len(out.split()) == 10
