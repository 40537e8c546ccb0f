"""Pipeline entry points: from a dataset path to the validated dataset or the model graph."""

from __future__ import annotations

import os

import networkx as nx

from hlmgraph.dataset import Dataset
from hlmgraph.errors import DatasetError
from hlmgraph.gc_pause import pausing
from hlmgraph.model import build_graph
from hlmgraph.validate import validate_path


def load_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Read and validate the dataset at ``path``; raises DatasetError listing every problem."""
    dataset, report = validate_path(path)
    if dataset is None:
        raise DatasetError(report)
    return dataset


@pausing
def load_graph(path: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """The full model graph of the dataset at ``path``; raises DatasetError if it is invalid."""
    return build_graph(load_dataset(path))
