"""What the model reads for each story's combined summary: the route, the article texts, the cuts made."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.checks.attribution import SupportCheck
from summarizer.chunker import Story
from summarizer.documents import Document
from summarizer.errors import InputError
from summarizer.generation.facts import fact_list, news_order, story_facts
from summarizer.models import SummaryModel
from summarizer.selection import Selection, select
from summarizer.settings import Route, SummarySettings

# Below this many tokens per article a combined prompt cannot say anything about each article: the
# story is then summarized from the per-article summaries instead (the "fused" fallback).
MIN_ARTICLE_TOKENS = 48


@dataclass(frozen=True)
class Plan:
    """How one story's combined summary is made: the route, the article texts the model reads, the cuts."""

    story: Story
    route: Route
    articles: tuple[str, ...] = ()  # the facts route: one text, the numbered fact list
    notes: tuple[str, ...] = ()
    room: int = 0  # tokens available for article text in the combined prompt
    check: SupportCheck | None = None  # the facts route's, built to weigh the facts: its summary is checked by it


def plan_story(model: SummaryModel, story: Story, settings: SummarySettings) -> Plan:
    """Decide how a story's combined summary is made and what the model reads for it.

    Raises:
        InputError: the story has more articles than the model's context can hold one token of each.
    """
    docs = story.documents
    if len(docs) == 1:
        return Plan(story, Route.SINGLE)
    route, notes = resolve_route(model.kind, settings), ()
    if route == Route.FACTS:
        # One list, however many articles: its room does not shrink with their number.
        room = model.article_budget("facts", 1, settings.words("facts"))
        planned = _facts_plan(model, story, settings, room)
        if isinstance(planned, Plan):
            return planned
        route, notes = Route.SELECT, (f"{planned}: the combined summary read the articles instead",)
    room = model.article_budget("story", len(docs), settings.words("story"))
    if room < len(docs):
        raise InputError(f"{story.id} ({story.label}): {len(docs)} articles cannot be read together by model "
                         f"'{model.name}' (context {model.context_length} tokens, {room} left for articles): "
                         "summarize fewer at once, or use a model with a longer context")
    if room < MIN_ARTICLE_TOKENS * len(docs):
        return Plan(story, Route.FUSED, room=room, notes=notes + (
            f"{len(docs)} articles are too many to read together in {room} tokens: the combined summary "
            "was written from the per-article summaries",))
    texts = [with_title(d) for d in docs]
    if route == Route.SELECT:
        chosen = select(texts, settings.selection_words)
        if sum(model.count_tokens(c.text) for c in chosen) > room:
            route = Route.WHOLE  # the selection itself does not fit: select by tokens instead
    if route == Route.WHOLE:
        chosen = select(texts, room, measure=model.count_tokens)
    unit = "words" if route == Route.SELECT else "tokens"
    notes += cut_note(docs, chosen, f"the most central sentences ({unit} kept/total)")
    route = Route.EXTRACTIVE if model.kind == "extractive" else route
    return Plan(story, route, tuple(c.text for c in chosen), notes)


def resolve_route(kind: str, settings: SummarySettings) -> Route:
    """The route asked for, where a model of ``kind`` can take it: the extractive model copies sentences and has
    no use for a fact list, and ``auto`` gives seq2seq models (PEGASUS, PRIMERA: trained on whole articles)
    selected sentences of the articles rather than the fact list chat models read. Also in result cache keys."""
    route = settings.combined_route
    if route == Route.FACTS and (kind == "extractive" or (kind == "seq2seq" and settings.route == "auto")):
        return Route.SELECT
    return route


def _facts_plan(model: SummaryModel, story: Story, settings: SummarySettings, room: int) -> Plan | str:
    """The facts route: the story's top facts (``generation.facts``) as one numbered list, in news order,
    the lightest left out until the list fits the room; why not, when the story has no fact or none fits."""
    check = SupportCheck(story.documents)
    facts = story_facts(check, settings.words("facts"))
    total = len(facts)
    if not facts:
        return "the story's articles have no sentence to list as a fact"
    while facts and model.count_tokens(fact_list(facts)) > room:
        facts = facts[:-1]
    if not facts:
        return f"not one of the story's facts fits the fact prompt ({room} tokens)"
    shared = sum(fact.reported_by > 1 for fact in facts)
    note = (f"the combined summary was written from the story's {len(facts)} top facts"
            f"{f' (of {total}; the lightest left out to fit {room} tokens)' if len(facts) < total else ''}, "
            f"{shared} of them reported by two or more articles")
    return Plan(story, Route.FACTS, (fact_list(news_order(facts)),), (note,), room, check)


def cut_note(docs: Sequence[Document], chosen: Sequence[Selection], read: str) -> tuple[str, ...]:
    """A note naming each article cut to fit and how much of it was kept; none when nothing was cut."""
    cut = [f"{d.id} {c.kept}/{c.total}" for d, c in zip(docs, chosen, strict=True) if not c.complete]
    return (f"the combined summary read {read}: {', '.join(cut)}",) if cut else ()


def with_title(doc: Document) -> str:
    """The article as the model sees it: headline, then body."""
    return f"{doc.title}\n\n{doc.text}" if doc.title and not doc.text.startswith(doc.title) else doc.text
