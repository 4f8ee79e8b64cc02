"""The web UI: `python app.py [--port N] [--host 127.0.0.1] [--share]`, or `make app`.

Layout and event wiring only; the handlers are in ``summarizer/ui.py`` (the Story index tab's in
``summarizer/ui_index.py``), the models in ``summarizer/ui_pool.py``, the HTML in ``summarizer/render``. Labels
of settings come from ``SummarySettings``' field metadata.
From Python, the main event is the endpoint ``/summarize`` (see README: gradio_client).
"""

from __future__ import annotations

import argparse
import atexit
import html
import shutil
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import gradio as gr

from summarizer import ui, ui_index
from summarizer.documents import MAX_FILE_BYTES, SUPPORTED
from summarizer.drafts import Draft, OnDraft
from summarizer.errors import SummarizerError
from summarizer.progress import Progress
from summarizer.render.html import STORY_CSS
from summarizer.settings import LENGTHS, SummarySettings, describe
from summarizer.ui_pool import EXTRACTIVE, Summarizers
from summarizer.ui_stream import DraftView, stream

# The loader's own limit and formats, so an upload Gradio accepts is one the loader reads.
MAX_UPLOAD = MAX_FILE_BYTES
FILE_TYPES = list(SUPPORTED)
# Gradio spots a progress parameter by this default and passes a fresh tracker on every call.
PROGRESS = gr.Progress()


class _CancelFlags:
    """One flag per browser session: Cancel sets it, the running job's progress callback sees it.

    Gradio's ``cancels=`` frees the page at once, but a synchronous handler keeps computing in its
    thread; the flag stops that work at the pipeline's next step so the queue moves on.
    """

    def __init__(self) -> None:
        self._flags: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def start(self, request: gr.Request | None) -> threading.Event:
        with self._lock:
            flag = self._flags[_session(request)] = threading.Event()
        return flag

    def finish(self, request: gr.Request | None, flag: threading.Event) -> None:
        with self._lock:
            if self._flags.get(_session(request)) is flag:
                del self._flags[_session(request)]

    def cancel(self, request: gr.Request | None) -> None:
        with self._lock:
            flag = self._flags.get(_session(request))
        if flag is not None:
            flag.set()


def _session(request: gr.Request | None) -> str:
    return (request.session_hash if request is not None else None) or "local"


def _reporter(progress: gr.Progress | None, flag: threading.Event) -> Progress:
    """The pipeline's progress(message, fraction), shown on Gradio's progress bar if given; stops a cancelled
    run."""
    def report(message: str, fraction: float) -> None:
        if flag.is_set():
            raise ui.Cancelled("Cancelled")
        if progress is not None:
            progress(fraction, desc=message)
    return report


def _shown(error: SummarizerError) -> gr.Error:
    """A user error as a browser message; Gradio renders it as HTML, so the text is escaped."""
    return gr.Error(html.escape(str(error)), title="Cannot summarize", print_exception=False)


def _warn_skipped(skipped: Sequence[Any]) -> None:
    if skipped:
        names = ", ".join(s.source for s in skipped)
        gr.Warning(html.escape(f"Skipped {len(skipped)} input(s): {names}. The rest were summarized; "
                               "see Notes for why."))


def _stories_html(elem_id: str) -> gr.HTML:
    """Where rendered stories go: plain HTML (no click script; sentences open as <details>), styled by render."""
    return gr.HTML(elem_id=elem_id, css_template=STORY_CSS, js_on_load=None)


def build_demo(pool: Summarizers | None = None, out_dir: Path | None = None) -> gr.Blocks:
    """The Blocks app; ``pool`` holds the Summarizers (one per model), ``out_dir`` the download files."""
    pool = pool or Summarizers()
    if out_dir is None:
        out_dir = Path(tempfile.mkdtemp(prefix="summarizer-ui-"))
        atexit.register(shutil.rmtree, out_dir, True)
    flags = _CancelFlags()
    choices = ui.model_choices()
    settings = SummarySettings()
    model_label, length_label = describe("model").label, describe("length").label

    def summarize_clicked(files: list[str] | None, pasted: str, model: str, length: str, group: bool,
                          request: gr.Request) -> Iterator[tuple[Any, Any, Any, Any]]:
        """Summarize the articles: streams the progress and the drafts as they are written (status line and
        stories), then yields the checked result: status line (Markdown), stories (HTML), notes, download
        paths. The status line is the progress display (``ui_stream``); Gradio shows only its minimal one."""
        flag = flags.start(request)

        def run(on_draft: OnDraft, report: Progress) -> ui.SummaryTab:
            def heard(draft: Draft) -> None:  # Cancel stops the model mid-sentence, not only between steps
                if flag.is_set():
                    raise ui.Cancelled("Cancelled")
                on_draft(draft)
            return ui.run_summary(pool, files, pasted, model, length, group, report, out_dir, heard)

        try:
            for view in stream(run, _reporter(None, flag)):
                if isinstance(view, DraftView):
                    yield view.status, gr.skip() if view.stories is None else view.stories, gr.skip(), gr.skip()
        except SummarizerError as error:
            raise _shown(error) from None
        finally:
            flags.finish(request, flag)
        _warn_skipped(view.result.skipped)
        yield view.status, view.stories, view.notes, view.downloads

    def compare_clicked(files: list[str] | None, pasted: str, model_a: str, length_a: str, model_b: str,
                        length_b: str, group: bool, request: gr.Request,
                        progress: gr.Progress = PROGRESS) -> tuple[str, str, str]:
        """Run the articles under settings A and B: returns comparison table (Markdown), output A, B (HTML)."""
        flag = flags.start(request)
        try:
            view = ui.run_comparison(pool, files, pasted, (model_a, length_a), (model_b, length_b), group,
                                     _reporter(progress, flag))
        except SummarizerError as error:
            raise _shown(error) from None
        finally:
            flags.finish(request, flag)
        return view.table, view.left, view.right

    def load_examples_clicked() -> list[str]:
        try:
            return ui.example_files()
        except SummarizerError as error:
            raise _shown(error) from None

    def cancel_clicked(request: gr.Request) -> None:
        flags.cancel(request)

    def list_stories_clicked(location: str, since: str) -> tuple[str, str, Any]:
        """List an index's stories: status line (Markdown), stories table (HTML), the story picker's choices."""
        page = ui_index.list_stories(location, since)
        return page.status, page.html, gr.Dropdown(choices=list(page.story_ids))  # always replaced: no stale ids

    def open_story_clicked(location: str, story_id: str) -> tuple[str, str]:
        """Open one story of an index: status line (Markdown), what is new then the summary (HTML)."""
        page = ui_index.show_story(location, story_id)
        return page.status, page.html

    with gr.Blocks(title="News summarizer", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.Markdown("# News summarizer\nGroups related news articles into stories, then writes one combined "
                    "summary per story and a short summary of each article. Everything runs on this machine.")
        with gr.Row():
            with gr.Column():
                files = gr.File(label="Article files (.txt .md .html .jsonl, up to 5 MB each)",
                                file_count="multiple", file_types=FILE_TYPES, elem_id="files")
                examples = gr.Button("Load examples", size="sm", elem_id="load-examples")
            # No max_length: the browser would cut a long paste silently; ui.collect_articles refuses it
            # with a message that gives the limit.
            pasted = gr.Textbox(label="Or paste articles (put a line with only --- between articles)",
                                lines=9, elem_id="pasted")
        group = gr.Checkbox(value=settings.group, label=describe("group").label, elem_id="group")

        with gr.Tab("Summarize"):
            with gr.Row():
                model = gr.Dropdown(choices, value=ui.default_model(choices), label=model_label, elem_id="model")
                length = gr.Radio(list(LENGTHS), value=settings.length, label=length_label, elem_id="length")
            with gr.Row():
                run = gr.Button("Summarize", variant="primary", elem_id="run")
                stop = gr.Button("Cancel", variant="stop", elem_id="cancel")
            status = gr.Markdown(elem_id="status")
            stories = _stories_html("stories")
            notes = gr.Textbox(label="Notes and skipped inputs", lines=3, interactive=False, elem_id="notes")
            downloads = gr.File(label="Download the result (Markdown, JSON)", file_count="multiple",
                                interactive=False, elem_id="downloads")

        with gr.Tab("Compare"):
            gr.Markdown("The same articles under two settings, e.g. a neural model against the extractive "
                        "baseline, with the word overlap of their combined summaries.")
            with gr.Row():
                with gr.Column():
                    model_a = gr.Dropdown(choices, value=ui.default_model(choices), label=f"{model_label} A",
                                          elem_id="model-a")
                    length_a = gr.Radio(list(LENGTHS), value=settings.length, label=f"{length_label} A",
                                        elem_id="length-a")
                with gr.Column():
                    model_b = gr.Dropdown(choices, value=EXTRACTIVE, label=f"{model_label} B", elem_id="model-b")
                    length_b = gr.Radio(list(LENGTHS), value=settings.length, label=f"{length_label} B",
                                        elem_id="length-b")
            with gr.Row():
                run_compare = gr.Button("Compare", variant="primary", elem_id="run-compare")
                stop_compare = gr.Button("Cancel", variant="stop", elem_id="cancel-compare")
            table = gr.Markdown(elem_id="compare-table")
            with gr.Row():
                left = _stories_html("compare-a")
                right = _stories_html("compare-b")

        with gr.Tab("Story index"):
            gr.Markdown("The stories of a story index kept by `summarizer update` (see README: the story index), "
                        "most recently seen first; open one to read what is new in it, then its latest summary "
                        "and timeline. Reading only: nothing here changes the index.")
            with gr.Row():
                location = gr.Textbox(label="Story index (a SQLite file on this machine, or a postgresql:// URL)",
                                      placeholder="news.db", scale=3, elem_id="index-location")
                since = gr.Textbox(label="Seen since (YYYY-MM-DD, optional)", scale=1, elem_id="index-since")
            list_stories = gr.Button("List stories", variant="primary", elem_id="index-list")
            index_status = gr.Markdown(elem_id="index-status")
            index_table = _stories_html("index-stories")
            with gr.Row():
                # Custom values: the id of a merged story is not listed, but still finds the story it joined.
                story_id = gr.Dropdown([], value=None, label="Story id", allow_custom_value=True, scale=3,
                                       elem_id="index-story")
                open_story = gr.Button("Open story", scale=1, elem_id="index-open")
            story_status = gr.Markdown(elem_id="index-story-status")
            story_view = _stories_html("index-story-view")

        examples.click(load_examples_clicked, outputs=files, api_visibility="private")
        # One concurrency group for both model events: one model run at a time, the rest wait in the queue.
        summarizing = run.click(summarize_clicked, inputs=[files, pasted, model, length, group],
                                outputs=[status, stories, notes, downloads], api_name="summarize",
                                concurrency_id="model", concurrency_limit=1, show_progress="minimal")
        comparing = run_compare.click(compare_clicked,
                                      inputs=[files, pasted, model_a, length_a, model_b, length_b, group],
                                      outputs=[table, left, right], api_name="compare",
                                      concurrency_id="model", concurrency_limit=1)
        # Reading an index needs no model: these events do not wait behind a model run.
        listing = [location.submit, since.submit, list_stories.click]
        gr.on(listing, list_stories_clicked, inputs=[location, since], outputs=[index_status, index_table, story_id],
              api_name="stories")
        gr.on([story_id.select, open_story.click], open_story_clicked, inputs=[location, story_id],
              outputs=[story_status, story_view], api_name="story")
        stop.click(cancel_clicked, cancels=[summarizing], api_visibility="private", queue=False)
        stop_compare.click(cancel_clicked, cancels=[comparing], api_visibility="private", queue=False)
    return demo


def launch(demo: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860, share: bool = False,
           **options: Any) -> tuple[Any, str, str]:
    """Queue (one model job at a time; users see their place) and serve; ``options`` go to ``launch``."""
    demo.queue(default_concurrency_limit=1)
    return demo.launch(server_name=host, server_port=port, share=share, max_file_size=MAX_UPLOAD,
                       allowed_paths=[str(ui.EXAMPLES_DIR)], ssr_mode=False, footer_links=["api"], **options)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the summarizer's web UI.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on; 0.0.0.0 exposes it to the network (default: %(default)s)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: %(default)s)")
    parser.add_argument("--share", action="store_true", help="also make a temporary public gradio.live link")
    args = parser.parse_args(argv)
    launch(build_demo(), host=args.host, port=args.port, share=args.share)


if __name__ == "__main__":
    main()
