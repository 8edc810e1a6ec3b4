"""Run the per-document function on a Dask cluster; the pipeline loads once per worker."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator

from distributed import WorkerPlugin

from ..records import SourceDocument
from .config import PipelineConfig, load_config
from .pipeline import DocumentOutput, Pipeline

PLUGIN_NAME = "extract-pipeline"
_ATTRIBUTE = "extract_pipeline"


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin: builds and warms the pipeline when a worker starts."""

    name = PLUGIN_NAME

    def __init__(self, config_path: str) -> None:
        self.config_path = config_path

    def setup(self, worker: object) -> None:
        """Load models and lexicons once on this worker."""
        pipeline = Pipeline(load_config(self.config_path))
        # As with the local engine: a component that cannot be built fails each document with
        # an error row instead of failing the worker.
        with contextlib.suppress(Exception):
            pipeline.warm_up()
        setattr(worker, _ATTRIBUTE, pipeline)

    def teardown(self, worker: object) -> None:
        """Drop the pipeline with the worker."""
        if hasattr(worker, _ATTRIBUTE):
            delattr(worker, _ATTRIBUTE)


def process_on_worker(source: SourceDocument) -> DocumentOutput:
    """The same per-document function as the local engine, using the worker's pipeline."""
    from distributed import get_worker

    return getattr(get_worker(), _ATTRIBUTE).process(source)


def dask_outputs(
    config: PipelineConfig,
    sources: Iterable[SourceDocument],
    *,
    workers: int,
    scheduler: str | None,
    window: int = 64,
) -> Iterator[DocumentOutput]:
    """Yield outputs in input order, keeping at most `window` documents in flight."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    try:
        client.register_plugin(PipelinePlugin(str(config.path)), name=PLUGIN_NAME)
        in_flight: deque = deque()
        for source in sources:
            in_flight.append(client.submit(process_on_worker, source, pure=False))
            if len(in_flight) >= window:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
