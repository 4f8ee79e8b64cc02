"""The two generation stages: each article's own summary, then one combined summary per story.

Every summary keeps the support of its sentences found while it was tidied (``SupportCheck``), so the
result carries each sentence's sources without aligning the text a second time.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.checks.attribution import SupportCheck
from summarizer.documents import Document
from summarizer.drafts import Draft, OnDraft
from summarizer.generation.coverage import at_least_copying
from summarizer.generation.generate import Job, generate, left_out_note
from summarizer.generation.plan import Plan, cut_note, with_title
from summarizer.models import Generation, SummaryModel
from summarizer.progress import Span
from summarizer.results import DocumentSummary, StorySummary
from summarizer.selection import select
from summarizer.settings import Route, SummarySettings


def article_summaries(model: SummaryModel, documents: Sequence[Document], lone: dict[str, str],
                      settings: SummarySettings, span: Span, on_draft: OnDraft | None = None,
                      ) -> tuple[dict[str, DocumentSummary], dict[str, list[str]]]:
    """Each article's own summary (by id, in ``documents`` order) and notes per article id.

    Written in batches; an article over its token budget is read as its most central sentences, and its
    notes say so. An article alone in its story (``lone`` maps its id to the story's id) is summarized at the
    story's length: that summary is the story's, and its drafts are the story's. ``on_draft`` hears the text
    as it is written.
    """
    summaries: dict[str, DocumentSummary] = {}
    notes: dict[str, list[str]] = {}
    groups = [("document", [d for d in documents if d.id not in lone]),
              ("story", [d for d in documents if d.id in lone])]
    done = 0
    for length, docs in groups:
        if not docs:
            continue
        words = settings.words(length)
        budget = min(settings.document_tokens, model.article_budget("document", 1, words))
        requests: list[list[str]] = []
        for doc in docs:
            text = with_title(doc)
            total = model.count_tokens(text)
            if total > budget:
                kept = select([text], budget, measure=model.count_tokens)[0]
                text = kept.text
                notes.setdefault(doc.id, []).append(
                    f"{doc.id}: its summary read {kept.kept} of {total} tokens (the most central sentences; "
                    f"limit {budget} tokens an article)")
            requests.append([text])
        part = span.part(done / len(documents), (done + len(docs)) / len(documents))
        done += len(docs)
        checks = [SupportCheck([doc]) for doc in docs]
        heard = None if on_draft is None else lambda i, text, docs=docs: on_draft(_article_draft(docs[i], lone, text))
        generations = generate(model, requests, checks, Job("document", words, "Summarizing article"),
                               settings.batch_size, part, heard)
        for doc, g, check in zip(docs, generations, checks, strict=True):
            summaries[doc.id] = DocumentSummary(doc.id, doc.title, g.text, g.input_tokens, g.output_tokens,
                                                sentences=check.sentences(g.text))
            notes.setdefault(doc.id, []).extend(left_out_note(f"{doc.id}: its summary", check, g.text))
    return {doc.id: summaries[doc.id] for doc in documents}, notes


def _article_draft(doc: Document, lone: dict[str, str], text: str) -> Draft:
    story = lone.get(doc.id)
    return Draft("article", doc.id, doc.title, text) if story is None else Draft("story", story, doc.title, text)


def story_summaries(model: SummaryModel, plans: Sequence[Plan], summaries: dict[str, DocumentSummary],
                    settings: SummarySettings, span: Span, on_draft: OnDraft | None = None) -> list[StorySummary]:
    """One combined summary per story, generated in batches; a lone article's summary is its story's.

    ``summaries`` needs only the articles of the single and fused routes; the others' are added later by the
    caller. ``on_draft`` hears each combined summary as it is written."""
    requests: dict[str, list[str]] = {}  # story id -> what the model reads
    cuts: dict[str, tuple[str, ...]] = {}  # story id -> note on per-article summaries cut to fit (fused)
    for plan in plans:
        if plan.route == Route.SINGLE:
            continue
        if plan.route == Route.FUSED:
            fused = select([f"{summaries[d.id].title}\n{summaries[d.id].summary}" for d in plan.story.documents],
                           plan.room, measure=model.count_tokens)
            requests[plan.story.id] = [c.text for c in fused]
            cuts[plan.story.id] = cut_note(plan.story.documents, fused, "the most central sentences of the "
                                           "per-article summaries (tokens kept/total)")
        else:
            requests[plan.story.id] = list(plan.articles)
    words = settings.words("story")
    written = _write(model, [p for p in plans if p.story.id in requests], requests, settings, span, on_draft)
    results = []
    for plan in plans:
        story = plan.story
        own = tuple(summaries[d.id] for d in story.documents if d.id in summaries)
        notes = plan.notes + cuts.get(story.id, ())
        if plan.route == Route.SINGLE:
            text, sentences = own[0].summary, own[0].sentences
        else:
            generation, check = written[story.id]
            text, more = generation.text, ()
            if plan.route != Route.EXTRACTIVE:
                text, more = at_least_copying(text, check, words, f"{story.id}: the combined summary")
            sentences = check.sentences(text)
            notes += left_out_note(f"{story.id}: the combined summary", check, text) + more
        # The fused route reads the per-article summaries; they are shown only when asked for.
        shown = own if settings.document_summaries or plan.route == Route.SINGLE else ()
        results.append(StorySummary(story.id, story.label, story.documents, shown, text, plan.route.value, notes,
                                    sentences=sentences))
    return results


def _write(model: SummaryModel, plans: Sequence[Plan], requests: dict[str, list[str]], settings: SummarySettings,
           span: Span, on_draft: OnDraft | None) -> dict[str, tuple[Generation, SupportCheck]]:
    """Each planned story's generation and its check, by story id: one batched run per prompt (stories from
    articles, stories from fact lists)."""
    done: dict[str, tuple[Generation, SupportCheck]] = {}
    tasks = [("facts" if plan.route == Route.FACTS else "story") for plan in plans]
    for task in sorted(set(tasks)):
        mine = [plan for plan, t in zip(plans, tasks, strict=True) if t == task]
        checks = [plan.check or SupportCheck(plan.story.documents) for plan in mine]
        job = Job(task, settings.words(task), "Writing combined summary")
        heard = None if on_draft is None else \
            lambda i, text, mine=mine: on_draft(Draft("story", mine[i].story.id, mine[i].story.label, text))
        part = span.part(len(done) / len(plans), (len(done) + len(mine)) / len(plans))
        generations = generate(model, [requests[plan.story.id] for plan in mine], checks, job, settings.batch_size,
                               part, heard)
        done.update((plan.story.id, pair) for plan, pair in zip(mine, zip(generations, checks, strict=True),
                                                                  strict=True))
    return done
