"""One catalogue of error messages with codes; each says what happened and what to do."""

from __future__ import annotations


class ExtractError(Exception):
    """Base class of every error the pipeline raises on purpose."""


class ConfigError(ExtractError):
    """The pipeline definition in `pipeline/` is invalid."""


class InputError(ExtractError):
    """An input file or record cannot be processed."""


class OutputLockedError(ExtractError):
    """Another run holds the output folder's lock and did not release it in time."""


class OutputError(ExtractError):
    """The output folder cannot be used (it is a file, unwritable, or holds foreign data)."""


class ReportError(ExtractError):
    """The review report cannot be rendered (not an output folder, unknown document, bad gold)."""


class ExitCode:
    """Process exit statuses of the `extract` command, documented in the README and `--help`."""

    OK = 0
    DOCUMENTS_FAILED = 1  # the run finished and published, but some documents failed
    USAGE = 2  # bad command-line usage (unknown option, --out is a file, --workers 0 ...)
    CONFIG = 3  # the pipeline definition or a lexicon is invalid
    LOCKED = 4  # another run holds the output folder and --wait ran out
    OUTPUT = 5  # the output folder cannot be written
    INTERRUPTED = 130  # Ctrl-C / SIGINT: nothing was published, the previous tables are intact


class Errors:
    """Error message templates. Codes are stable: tests and users may grep for them."""

    # Input
    E001 = "[E001] {path}: not valid UTF-8 ({reason}). Re-save the file as UTF-8."
    E002 = "[E002] {path}: the file is empty. Remove it or add the article text."
    E003 = "[E003] {path}: the file holds only whitespace. Remove it or add the article text."
    E004 = (
        "[E004] {path}: duplicate doc_id {doc_id!r}, already read from {first}. "
        "Rename one of the files (doc_id is the file name without extension)."
    )
    E005 = "[E005] {path}:{line}: invalid JSON line ({reason}). Each line must be one JSON object."
    E006 = (
        "[E006] {path}:{line}: missing or non-string field {field!r}. "
        "JSONL articles need 'doc_id' and 'text' strings."
    )
    E007 = (
        "[E007] {path}: unsupported input {suffix!r}; skipped. Supported: {supported} "
        "(optionally .gz), or a folder of them."
    )
    E008 = "[E008] {path}: no such file or folder."
    E009 = (
        "[E009] {path}: 'published' {value!r} is not a full date (day, month and year, e.g. "
        "2019-01-15, 15/01/2019 or January 15, 2019)."
    )
    # Input formats, metadata sheets and the command line (issue 13)
    E060 = "[E060] {path}: cannot read the file ({reason}). Check that it exists and is readable."
    E061 = (
        "[E061] {path}: 'published' {value!r} is outside the supported range "
        "{first}..{last}. Fix the date in the input or the metadata sheet."
    )
    E062 = (
        "[E062] {path}: field {field!r} holds a lone surrogate at position {pos} (an unpaired "
        "\\uD800-\\uDFFF escape), which is not valid Unicode. Fix the exporter that wrote it."
    )
    E063 = "[E063] {path}: the HTML page has no main text (trafilatura found none)."
    E064 = (
        "[E064] {path}: no {field} column (looked for {candidates}; the file has {columns}). "
        "Name it with {option}."
    )
    E065 = "[E065] {path}: cannot parse as {format} ({reason})."
    E066 = (
        "[E066] {path}: a metadata sheet needs a file name or doc_id column (looked for "
        "{candidates}; the sheet has {columns})."
    )
    E067 = "[E067] {path}: {count} metadata row(s) matched no input document (first: {first!r})."
    E068 = "[E068] reading standard input ('-') needs --format, one of {formats}; got {value!r}."
    E069 = "[E069] {path}: --out must be a folder, but this is a file."
    E070 = "[E070] {path}: duplicate key {key!r} in the metadata sheet (first at line {first})."
    # Segmentation
    E010 = "[E010] could not align tokenizer output {piece!r} at offset {pos}."
    # Configuration
    E020 = "[E020] {path}: cannot read pipeline config ({reason})."
    E021 = "[E021] {path}: unknown key {key!r} in {section}. Allowed keys: {allowed}."
    E022 = "[E022] {path}: missing required key {key!r} in {section}."
    E023 = "[E023] {path}: unknown stage {stage!r}. Known stages: {known}."
    E024 = (
        "[E024] stage {stage!r} requires {needed!r}, which no earlier stage provides. "
        "Put a stage providing it before {stage!r} in {path}."
    )
    E025 = "[E025] {path}: setting {key!r} of stage {stage!r} must be {expected}, got {value!r}."
    E026 = "[E026] {path}: stage {stage!r} is listed twice."
    E027 = (
        "[E027] stage {stage!r} has no registered spaCy component {factory!r}. "
        "Register it with @Language.factory and import its module in runner/stages.py."
    )
    E028 = "[E028] unknown overlap policy {policy!r}. Choose one of: {known}."
    # Lexicons
    E030 = "[E030] {path}:{line}: {problem}."
    E031 = "[E031] lexicon file {path} not found. Check [lexicons] in the pipeline config."
    # Output
    E040 = (
        "[E040] {path}: existing table has an incompatible schema ({reason}). Delete it to rebuild."
    )
    E041 = (
        "[E041] {path}: the output must be a folder, but a file has this name. "
        "Choose another --out."
    )
    E042 = "[E042] {path}: cannot create or write the output folder ({reason})."
    E043 = (
        "[E043] {path}: another run is writing this output folder ({holder}). Wait for it to "
        "finish, or pass a longer --wait."
    )
    E044 = (
        "[E044] {path}: a folder stands where a table link belongs. Move it out of the output "
        "folder and run again."
    )
    # Processing limits and workers ([limits] in pipeline.toml)
    E050 = "[E050] {path}: pipeline failed ({detail})"
    E051 = (
        "[E051] {path}: the worker process died while processing this document ({cause}); it "
        "was retried alone and died again. Check memory limits (dmesg), or exclude the document."
    )
    E052 = (
        "[E052] {path}: processing took longer than the limit of {seconds:g} s "
        "([limits] max_seconds_per_document in the pipeline config)."
    )
    E053 = (
        "[E053] {path}: the document has {chars:,} characters, more than the limit of {limit:,} "
        "([limits] max_document_chars in the pipeline config). Split it, or raise the limit."
    )
    E054 = (
        "[E054] {path}: the document's rows cannot be stored ({reason}). Re-encode the file or "
        "its name as UTF-8."
    )
    # Review report
    E090 = (
        "[E090] {path}: no {table}.parquet here; not a pipeline output folder. "
        "Run `extract run INPUT --out {path}` first."
    )
    E091 = "[E091] document {doc_id}: {reason}; its text is shown without highlights."
    E092 = "[E092] unknown document id(s) {doc_ids} for --doc; known ids are in {path}."
    E093 = "[E093] {path}: gold cannot be used for the report: {reason}"
    E094 = "[E094] {path}: cannot write the report ({reason}). Choose another -o path."
    # Story gold and story scoring (issue 14)
    E080 = "[E080] {path}: cannot read the story gold ({reason})."
    E081 = (
        "[E081] {path}:{line}: {problem}. Each line is one story: "
        '{{"story": ID, "events": [{{"doc_id": ..., "type": ..., "trigger": {{"start": S, '
        '"end": E}}}}]}}.'
    )
    E082 = (
        "[E082] {path}:{line}: event {event} is already in story {story!r}; an event belongs to "
        "one story."
    )
    E083 = (
        "[E083] {path}: no {table} table to score stories against. Run `extract run` there "
        "first (it rebuilds the registries, stories included)."
    )
    # Python API (extract.load, Pipeline, to_tables)
    E095 = "[E095] the text to extract from must be a str, got {type}."
    E096 = "[E096] published must be a date or an ISO date string YYYY-MM-DD, got {value!r}."
    E097 = (
        "[E097] to_tables() takes Docs made by extract (extract.load() or the vi_extract "
        "component); this Doc carries no extract rows."
    )
    E098 = "[E098] to_tables(): doc_id {doc_id!r} occurs twice. Give each text its own doc_id."
    E099 = "[E099] doc_id must be a non-empty str, got {value!r}."
