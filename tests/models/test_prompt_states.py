"""PromptStates: which kept prompt a new prompt extends, and the byte budget."""

from __future__ import annotations

from summarizer.models.prompt_states import PromptStates


def test_the_longest_kept_prompt_that_a_new_prompt_extends_is_found():
    states = PromptStates()
    states.keep([1, 2], b"short")
    states.keep([1, 2, 3], b"long")
    states.keep([9, 9, 9, 9], b"other")
    assert states.longest_prefix([1, 2, 3, 4]) == ((1, 2, 3), b"long")
    assert states.longest_prefix([1, 2, 5]) == ((1, 2), b"short")
    assert states.longest_prefix([7, 1, 2, 3]) is None


def test_a_prompt_equal_to_a_kept_one_is_read_whole_since_its_last_token_must_give_logits():
    states = PromptStates()
    states.keep([1, 2, 3], b"abc")
    assert states.longest_prefix([1, 2, 3]) is None


def test_the_least_recently_used_state_is_forgotten_over_the_budget():
    states = PromptStates(budget_bytes=6)
    states.keep([1], b"aaa")
    states.keep([2], b"bbb")
    assert states.longest_prefix([1, 0]) is not None  # used: [2] is now the oldest
    states.keep([3], b"ccc")
    assert states.longest_prefix([2, 0]) is None
    assert states.longest_prefix([1, 0]) == ((1,), b"aaa") and states.longest_prefix([3, 0]) == ((3,), b"ccc")


def test_a_state_larger_than_the_whole_budget_is_not_kept():
    states = PromptStates(budget_bytes=2)
    states.keep([1], b"abc")
    assert states.longest_prefix([1, 0]) is None
