"""Turns policy files into clauses and owns the index. Never imports `app`."""

from indexer.clauses import PARSER_VERSION, PREAMBLE_ID, parse_document
from indexer.errors import IndexerError, ManifestError, PolicyFileError
from indexer.models import Clause, ParsedDocument, SourceText
from indexer.reading import SUPPORTED_SUFFIXES, read_policy_bytes, read_policy_file

__all__ = [
    "PARSER_VERSION",
    "PREAMBLE_ID",
    "SUPPORTED_SUFFIXES",
    "Clause",
    "IndexerError",
    "ManifestError",
    "ParsedDocument",
    "PolicyFileError",
    "SourceText",
    "parse_document",
    "read_policy_bytes",
    "read_policy_file",
]
