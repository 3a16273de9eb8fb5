"""aecourse: the helper package of the notebook course on the applications of autoencoders.

The notebooks hold the lessons' models; this package holds what every lesson
needs but no lesson is about. Importing it does not import Keras: call
:func:`aecourse.setup` first, which picks the backend, then import Keras.

The layers, each importing only from those below it (``tests/test_layers.py`` checks it, and that there is no
import cycle)::

    main job     __main__, runner, report, bench, compare        run lessons, build the report, time, compare
    contract     lessons, results, exercises                     what each lesson records; the results file
    lesson aids  codecs, classical, codec_layers, rd_bootstrap,  what a lesson needs but is not about
                 denoisers, features, likelihood, recsys, sequences, video, baselines
    ground       course, runtime, timing, profiles, data,        every lesson as data (course: one file each), set-up,
                 metrics, plots, verdicts, store, training       sizes, data, metrics, figures, verdicts, files, schedules
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
