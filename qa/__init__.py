"""Question answering over Chinese trade-union news, with cited passages."""

from .api import Answer, BuildReport, NewsQA, RetrievedPassage
from .errors import EmbedderError, IndexLoadError, QAError, SourceError

__all__ = ["Answer", "BuildReport", "EmbedderError", "IndexLoadError", "NewsQA", "QAError", "RetrievedPassage",
           "SourceError"]
__version__ = "0.1.0"
