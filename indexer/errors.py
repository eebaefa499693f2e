"""Errors raised while turning policy files into clauses.

    IndexerError
     ├── PolicyFileError            a file that cannot become a policy document; names the file and the reason
     │    ├── UnsupportedFileTypeError   not .txt, .md or .docx
     │    ├── EmptyFileError             no bytes, or only whitespace
     │    ├── NotTextError               binary content (a PDF renamed .txt, an image …)
     │    ├── FileEncodingError          bytes that are neither UTF-8/UTF-16 nor GB18030
     │    └── PolicyStructureError       text without articles (第X条), or with a clause id twice
     └── ManifestError              the corpus manifest is missing, malformed or disagrees with its files

Messages are Chinese because they reach district staff unchanged (CLI, upload form).
"""

from __future__ import annotations


class IndexerError(Exception):
    """Base of every error this package raises."""


class PolicyFileError(IndexerError):
    """A file was refused as a whole; nothing of it is kept."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"无法解析政策文件“{source}”：{reason}")


class UnsupportedFileTypeError(PolicyFileError):
    pass


class EmptyFileError(PolicyFileError):
    pass


class NotTextError(PolicyFileError):
    pass


class FileEncodingError(PolicyFileError):
    pass


class PolicyStructureError(PolicyFileError):
    pass


class ManifestError(IndexerError):
    pass
