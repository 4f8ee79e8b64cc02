"""The model layer: presets, loading (preset -> local folder -> hub id) and batched generation.

>>> from summarizer.models import load_model                                # doctest: +SKIP
>>> model = load_model("default")                                           # doctest: +SKIP
>>> model.summarize([[article_text]], task="document", words=(60, 120))[0].text  # doctest: +SKIP
"""

from summarizer.models.base import Generation, SummaryModel
from summarizer.models.choice import BackendChoice, choose_backend
from summarizer.models.loading import load_model, release_model
from summarizer.models.presets import Kind, Preset, load_presets
from summarizer.models.status import PresetStatus, preset_statuses
from summarizer.models.usage import Meter, Usage
from summarizer.settings import Task

__all__ = [
    "BackendChoice", "Generation", "Kind", "Meter", "Preset", "PresetStatus", "SummaryModel", "Task", "Usage",
    "choose_backend", "load_model", "load_presets", "preset_statuses", "release_model",
]
