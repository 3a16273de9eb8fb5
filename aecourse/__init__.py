"""aecourse: the helper package of the notebook course on the applications of autoencoders.

The notebooks hold the lessons' models; this package holds what every lesson
needs but no lesson is about. Importing it does not import Keras: call
:func:`aecourse.setup` first, which picks the backend, then import Keras.

Modules: ``runtime`` (backend, seeds, profile), ``data`` (verified datasets),
``metrics``, ``baselines``, ``plots``, ``results`` (the results file),
``timing`` (where a lesson's time goes), ``lessons`` (the list of lessons and their results contract),
``verdicts`` (paired comparisons, claims checked on the run, grid edges).
"""

from .data import (
    DataError,
    load_fashion_mnist,
    load_kodak,
    load_mnist,
    load_movielens,
)
from .results import record
from .runtime import setup
from .timing import phase

__version__ = "0.1.0"

#: The course's public repository, ``owner/name`` on GitHub. The Colab badges and
#: install cells of every notebook must follow it (a test checks they do).
REPOSITORY = "aecourse/autoencoder-applications"

__all__ = [
    "DataError",
    "REPOSITORY",
    "load_fashion_mnist",
    "load_kodak",
    "load_mnist",
    "load_movielens",
    "phase",
    "record",
    "setup",
]
