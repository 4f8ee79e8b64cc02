"""Per-article summaries reading fewer tokens: how much quality does each article budget keep?

    .venv/bin/python benchmarks/articles.py [--n 8] [--budgets 1536,768,512] [--model default]

Every article of the first N Multi-News clusters is summarized on its own (``medium``: 40-80 words), once per
``document_tokens`` budget, by the pipeline's own stage (``generation.summaries.article_summaries``: an
article over its budget is read as its most central sentences). Reported per budget: prompt tokens read and
seconds (reading / writing), articles cut, and ROUGE-1/2/L F1 of the summaries against two references: the
cluster's Multi-News summary (what a reader wants from the story) and the same article's summary at the
largest budget (how much the cut changes what is written). The speed issue asks per-article quality within
0.3 ROUGE-2 of the whole-article run.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import load_clusters, save
from faithfulness import documents_of
from rouge_score import rouge_scorer

from summarizer.generation.summaries import article_summaries
from summarizer.models import choose_backend, load_model
from summarizer.models.usage import Usage, since
from summarizer.progress import Span
from summarizer.settings import SummarySettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=8, help="clusters whose articles are summarized (default 8)")
    parser.add_argument("--budgets", default="1536,768,512", help="document_tokens values, largest first")
    parser.add_argument("--model", default="default")
    args = parser.parse_args()
    budgets = sorted({int(b) for b in args.budgets.split(",")}, reverse=True)
    name = choose_backend(args.model).runs
    model = load_model(name)
    clusters = load_clusters(args.n)
    quiet = Span(lambda message, done: None, 0.0, 1.0)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    written: dict[int, list[tuple[str, str]]] = {}  # budget -> (summary, cluster reference) per article
    rows = []
    for budget in budgets:
        settings = SummarySettings(document_tokens=budget)
        before, started = model.meter.snapshot(), time.perf_counter()
        pairs, cut = [], 0
        for cluster in clusters:
            docs = documents_of(cluster)
            summaries, notes = article_summaries(model, docs, {}, settings, quiet)
            cut += sum(1 for doc in docs if any("its summary read" in note for note in notes.get(doc.id, [])))
            pairs += [(summaries[doc.id].summary, cluster["references"][0]) for doc in docs]
        seconds = time.perf_counter() - started
        used = sum(since(before, model.meter.snapshot()).values(), Usage())
        written[budget] = pairs
        rows.append({"budget": budget, "articles": len(pairs), "cut": cut, "prompt_tokens": used.prompt_tokens,
                     "written_tokens": used.written_tokens, "seconds": round(seconds, 1),
                     "read_s": round(used.read_s, 1), "write_s": round(used.write_s, 1)})
    largest = written[budgets[0]]
    for row, budget in zip(rows, budgets, strict=True):
        against_reference = [scorer.score(ref, summary) for summary, ref in written[budget]]
        against_whole = [scorer.score(whole, summary) for (summary, _), (whole, _) in zip(written[budget], largest,
                                                                                           strict=True)]
        for label, scores in (("reference", against_reference), ("whole", against_whole)):
            for key in ("rouge1", "rouge2", "rougeL"):
                row[f"{label}_{key}"] = round(statistics.mean(s[key].fmeasure for s in scores) * 100, 2)
    path = save(f"articles-{name}-n{args.n}", {"n": args.n, "model": name, "rows": rows})
    print("| budget | articles cut | prompt tokens | s (reading / writing) | R-1/2/L vs cluster reference "
          "| R-1/2/L vs largest budget |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['budget']} | {r['cut']}/{r['articles']} | {r['prompt_tokens']} | {r['seconds']} "
              f"({r['read_s']} / {r['write_s']}) | {r['reference_rouge1']} / {r['reference_rouge2']} / "
              f"{r['reference_rougeL']} | {r['whole_rouge1']} / {r['whole_rouge2']} / {r['whole_rougeL']} |")
    print(f"saved {path}")


if __name__ == "__main__":
    main()
