"""A result's stories as HTML for the web UI: each combined-summary sentence opens onto its sources.

Every piece of article text goes through ``html.escape``, so nothing from a source renders as markup.
The look is ``stories.css`` beside this module (``STORY_CSS``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from importlib.resources import files

from summarizer.checks.attribution import SummarySentence
from summarizer.drafts import Draft
from summarizer.render import corroboration, event_when, sentence_when, timeline_notes
from summarizer.results import StorySummary, SummaryResult

# The classes render_stories uses, styled; a package file so it is edited as CSS, not as a Python string.
# app.py scopes it to each stories component (gr.HTML css_template, which Gradio rewrites): it must hold no
# "${" or "{{" (template syntax), and is kept to plain rules without comments.
STORY_CSS = files("summarizer.render").joinpath("stories.css").read_text(encoding="utf-8")


def render_stories(result: SummaryResult) -> str:
    """The stories as HTML: each combined-summary sentence with its sources, the disagreements, each article."""
    if not result.stories:
        return "<p class='meta'>No stories.</p>"
    return "".join(_story_html(number, story) for number, story in enumerate(result.stories, start=1))


def render_drafts(drafts: Sequence[Draft]) -> str:
    """Summaries being written, combined summaries first: each unchecked text under its title, marked as a draft
    that the checked, attributed result will replace."""
    shown = sorted(drafts, key=lambda draft: draft.kind != "story")  # stable: in the order they began
    return "".join(f"<section class='story draft'><h3>{_h(draft.title)}</h3>"
                   f"<p class='meta'>{'Combined summary' if draft.kind == 'story' else 'Article summary'}, being "
                   f"written: not yet checked against the articles</p><p>{_h(draft.text)}</p></section>"
                   for draft in shown)


def _story_html(number: int, story: StorySummary) -> str:
    """One story: header, attributed sentences, timeline, disagreements, unused articles, then each article's
    summary."""
    keys = {d.id: n for n, d in enumerate(story.documents, start=1)}  # the marker [n] of each article
    titles = {d.id: d.title for d in story.documents}
    count = len(story.documents)
    keywords = f" · keywords {_h(story.label)}" if story.headline and story.headline != story.label else ""
    parts = [f"<section class='story'><h3>Story {number}: {_h(story.title)}</h3>",
             f"<p class='meta'>{count} article{'s' if count != 1 else ''} · combined summary {story.words} "
             f"words · route {_h(story.route)}{keywords}</p>"]
    if story.injections:
        parts.append("<h4 class='warning'>⚠ Text addressed to a model, removed before summarizing</h4>"
                     "<ul class='injections'>" + "".join(
                         f"<li>{_articles([doc_id], keys, titles)}: {_h(found.kind)}, in the {_h(found.where)}: "
                         f"<q>{_h(found.text)}</q></li>" for doc_id, found in story.injections) + "</ul>")
    parts.append("<h4>Combined summary</h4>")
    if story.sentences:
        parts.append("<p class='meta'>Click a sentence (or hover for a tooltip) to see the source sentences "
                     "behind it; [n] is the article below, with its support score. ⚠ marks what no source "
                     "supports.</p>")
        parts += [_sentence_html(sentence, keys, titles) for sentence in story.sentences]
    else:  # nothing to attribute (an empty summary)
        parts.append(f"<p>{_h(story.summary) or '<em>(empty)</em>'}</p>")
    parts += _timeline_html(story, keys, titles)
    if story.conflicts:
        parts.append("<h4>Where the sources disagree</h4><ul class='conflicts'>")
        for conflict in story.conflicts:
            sides = "".join(f"<li><b>{_h(side.value)}</b> in {_articles(side.document_ids, keys, titles)}: "
                            f"<q>{_h(side.excerpt)}</q></li>" for side in conflict.sides)
            parts.append(f"<li>{_h(conflict.kind)}<ul>{sides}</ul></li>")
        parts.append("</ul>")
    if story.unused_documents:
        parts.append(f"<h4>Articles that fed no sentence</h4><p>"
                     f"{_articles(story.unused_documents, keys, titles)}</p>")
    parts.append("<h4>Articles</h4><table class='articles'><thead><tr><th></th><th>Article</th>"
                 "<th>Its summary</th></tr></thead><tbody>")
    sources = {d.id: d.source for d in story.documents}
    for summary in story.document_summaries:
        parts.append(f"<tr><td class='key'>[{keys.get(summary.document_id, '?')}]</td><td><b>{_h(summary.title)}"
                     f"</b><br><span class='meta'>{_h(sources.get(summary.document_id, summary.document_id))}"
                     f"</span></td><td>{_h(summary.summary)} <span class='meta'>({summary.words} words)</span>"
                     "</td></tr>")
    parts.append("</tbody></table>")
    if story.notes:
        parts.append("<ul class='notes meta'>" + "".join(f"<li>{_h(note)}</li>" for note in story.notes) + "</ul>")
    return "".join(parts) + "</section>"


def _timeline_html(story: StorySummary, keys: dict[str, int], titles: dict[str, str]) -> list[str]:
    """The story's dated events in order, each naming the articles that report it (as [n] and title)."""
    if not story.timeline:
        return []
    items = "".join(f"<li class='{'undated' if not event.date else 'dated'}'><b>{_h(event_when(event))}</b> — "
                    f"{_h(event.text)} <span class='meta'>{_articles(event.document_ids, keys, titles)}</span></li>"
                    for event in story.timeline)
    notes = "".join(f"<p class='meta'>{_h(note)}</p>" for note in timeline_notes(story))
    return [f"<h4>Timeline</h4><ol class='timeline'>{items}</ol>{notes}"]


def _sentence_html(sentence: SummarySentence, keys: dict[str, int], titles: dict[str, str]) -> str:
    """A sentence that opens (a <details>, no script) onto its supporting source sentences."""
    best: dict[str, float] = {}  # one marker per article, with its best score
    for source in sentence.sources:
        best[source.document_id] = max(best.get(source.document_id, 0.0), source.score)
    markers = "".join(f"<sup class='marker'>[{keys.get(d, '?')}] {score:.2f}</sup>" for d, score in best.items())
    count = corroboration(sentence, len(keys))
    markers += f"<span class='meta corroboration'> · {_h(count)}</span>" if count else ""
    when = sentence_when(sentence)
    markers += f"<span class='meta when'> · {_h(when)}</span>" if when else ""
    warnings = [] if sentence.sources else ["no source supports this sentence"]
    warnings += sentence.flags
    marks = "".join(f"<span class='warning'>⚠ {_h(text)}</span>" for text in warnings)
    tip = "\n".join(f"[{keys.get(s.document_id, '?')}] {titles.get(s.document_id, s.document_id)}: {s.text}"
                    for s in sentence.sources) or "No source sentence supports this sentence."
    found = "".join(
        f"<li><b>[{keys.get(s.document_id, '?')}] {_h(titles.get(s.document_id, s.document_id))}</b> "
        f"<span class='meta'>sentence {s.sentence_index + 1} · score {s.score:.2f}</span>"
        f"<div class='quote'>{_h(s.text)}</div></li>" for s in sentence.sources)
    body = f"<ul class='sources'>{found}</ul>" if found else \
        "<p class='meta'>No source sentence covers this; check it against the articles.</p>"
    kind = "sentence" + (" warn" if warnings else "")
    return (f"<details class='{kind}' title='{_h(tip)}'><summary>{_h(sentence.text)}{markers}{marks}</summary>"
            f"{body}</details>")


def _articles(ids: Sequence[str], keys: dict[str, int], titles: dict[str, str]) -> str:
    """Articles named by marker and title, e.g. "[1] Dam cracks; [2] Valley evacuated"."""
    return "; ".join(f"[{keys.get(i, '?')}] {_h(titles.get(i, i))}" for i in ids)


def _h(text: str) -> str:
    """Text shown literally in HTML, attribute values included."""
    return html.escape(text, quote=True)
