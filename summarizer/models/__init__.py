"""The model layer: presets, loading (preset -> local folder -> hub id) and batched generation.

>>> from summarizer.models import load_model                                # doctest: +SKIP
>>> model = load_model("default")                                           # doctest: +SKIP
>>> model.summarize([[article_text]], task="document", words=(60, 120))[0].text  # doctest: +SKIP
"""

from summarizer.models.base import Generation, SummaryModel
from summarizer.models.installed import PresetStatus, preset_statuses
from summarizer.models.loading import load_model, preset_to_run, release_model
from summarizer.models.presets import Kind, Preset, Task, load_presets

__all__ = [
    "Generation", "Kind", "Preset", "PresetStatus", "SummaryModel", "Task",
    "load_model", "load_presets", "preset_statuses", "preset_to_run", "release_model",
]
