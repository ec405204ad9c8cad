"""Turn Vietnamese administrative notices into tracked task records."""
from .errors import NoticeError, UnsupportedFormat, UnreadableFile, NeedsOCR
from .model import Notice, Task
from .pipeline import extract

__all__ = ["extract", "Notice", "Task", "NoticeError", "UnsupportedFormat", "UnreadableFile", "NeedsOCR"]
