"""Uploaded project zips: size and zip-bomb limits, safe names, extraction, then the loader's validation.

An upload is refused (:class:`UploadError`, which names the entry and the limit) when the zip is too
big, holds too many files, unpacks to too much data or at too high a compression ratio, is encrypted,
holds symlinks or names that are absolute, contain ``..``, backslashes, drive letters or control
characters. Extraction writes only regular files, counts the bytes actually written (the sizes in the
zip's directory may lie) and happens in a fresh folder. After extraction, every file ``project.yaml``
names must lie inside the upload, and the brand must be one of the installed brands.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import stat
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from reporter.errors import InputError, Problem

PROJECT_FILE = "project.yaml"
IGNORED = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$)")
_BAD_CHARS = re.compile(r'[\x00-\x1f\x7f\\:*?"<>|]')


@dataclass(frozen=True)
class Limits:
    """Upload limits (bytes, counts, ratio)."""

    max_upload_bytes: int = 50 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_files: int = 200
    max_ratio: float = 200.0
    max_name_length: int = 200
    max_depth: int = 6
    ratio_floor_bytes: int = 1024 * 1024      # the ratio is judged once this much is unpacked
    max_yaml_bytes: int = 1024 * 1024
    max_yaml_nodes: int = 50_000             # YAML events (scalars, mappings, sequences, aliases)
    max_yaml_aliases: int = 100


class UploadError(Exception):
    """A refused upload: HTTP ``status``, a short ``code`` and a message naming the problem."""

    def __init__(self, message: str, *, code: str = "bad_upload", status: int = 422, entry: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.entry = entry


def safe_name(raw: str, limits: Limits) -> str:
    """A zip entry name checked and normalised (NFC, forward slashes); :class:`UploadError` if unsafe."""
    name = unicodedata.normalize("NFC", raw)
    if not name or len(name) > limits.max_name_length:
        raise UploadError(f"entry name is empty or longer than {limits.max_name_length} characters",
                          code="bad_name", entry=raw[:80])
    if _BAD_CHARS.search(name):
        raise UploadError("entry name contains a control character, backslash, colon or one of * ? \" < > |",
                          code="bad_name", entry=raw)
    if name.startswith("/") or name.startswith("~"):
        raise UploadError("entry name is an absolute path", code="bad_name", entry=raw)
    parts = name.rstrip("/").split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise UploadError("entry name contains '.', '..' or an empty path segment", code="bad_name", entry=raw)
    if len(parts) > limits.max_depth:
        raise UploadError(f"entry is nested deeper than {limits.max_depth} folders", code="bad_name", entry=raw)
    return name


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def extract_zip(zip_path: Path, dest: Path, limits: Limits = Limits()) -> list[str]:
    """Check and extract ``zip_path`` into the new folder ``dest``; return the relative file names.

    A zip whose files all sit in one top folder (``sof/project.yaml``) is unpacked without that folder.
    """
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UploadError(f"not a zip file ({exc})", code="not_a_zip") from None
    with archive:
        entries: list[tuple[zipfile.ZipInfo, str]] = []
        seen: set[str] = set()
        total = 0
        packed = 0
        for info in archive.infolist():
            if IGNORED.search(info.filename):
                continue
            name = safe_name(info.filename, limits)
            if _is_symlink(info):
                raise UploadError("symbolic links are not allowed in an upload", code="symlink", entry=name)
            if info.flag_bits & 0x1:
                raise UploadError("encrypted entries are not allowed", code="encrypted", entry=name)
            if info.is_dir():
                continue
            if name.casefold() in seen:
                raise UploadError("duplicate entry name", code="bad_name", entry=name)
            seen.add(name.casefold())
            entries.append((info, name))
            if len(entries) > limits.max_files:
                raise UploadError(f"more than {limits.max_files} files in the zip", code="too_many_files")
            total += info.file_size
            packed += info.compress_size
            if total > limits.max_total_bytes:
                raise UploadError(f"unpacks to more than {limits.max_total_bytes} bytes", code="too_large", entry=name)
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise UploadError(f"compression ratio above {limits.max_ratio:g}:1 (zip bomb?)", code="zip_bomb",
                                  entry=name)
        # the ratio over the whole archive: many small entries of zeros are a bomb too
        if total > limits.ratio_floor_bytes and total > limits.max_ratio * max(packed, 1):
            raise UploadError(f"the archive unpacks at a compression ratio above {limits.max_ratio:g}:1 "
                              f"({total} bytes from {packed}; zip bomb?)", code="zip_bomb")
        if not entries:
            raise UploadError("the zip holds no files", code="empty")
        names = [n for _, n in entries]
        prefix = _common_top_folder(names)
        dest.mkdir(parents=True, exist_ok=False, mode=0o700)
        written = 0
        out_names = []
        for info, name in entries:
            rel = name[len(prefix):]
            target = dest.joinpath(*PurePosixPath(rel).parts)
            if not target.resolve().is_relative_to(dest.resolve()):  # pragma: no cover - names are checked above
                raise UploadError("entry would be written outside the upload", code="bad_name", entry=name)
            try:
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with archive.open(info) as source, os.fdopen(fd, "wb") as sink:
                    while chunk := source.read(1024 * 1024):
                        written += len(chunk)
                        if written > limits.max_total_bytes or (
                                written > limits.ratio_floor_bytes and written > limits.max_ratio * max(packed, 1)):
                            raise UploadError(f"unpacks to more than {limits.max_total_bytes} bytes",
                                              code="too_large", entry=name)
                        sink.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
                raise UploadError(f"corrupt or unsupported zip entry ({exc})", code="corrupt_zip", entry=name) from None
            except OSError:
                raise UploadError("entry clashes with another entry of the same name (a file and a folder?)",
                                  code="bad_name", entry=name) from None
            out_names.append(rel)
        if PROJECT_FILE not in out_names:
            raise UploadError(f"no {PROJECT_FILE} at the top of the zip (or in its one top folder)",
                              code="no_project_file")
        return out_names


def _common_top_folder(names: list[str]) -> str:
    """``"sof/"`` when every name starts with that one folder and ``project.yaml`` is not at the root."""
    if PROJECT_FILE in names:
        return ""
    tops = {n.split("/", 1)[0] for n in names}
    if len(tops) == 1 and all("/" in n for n in names):
        return tops.pop() + "/"
    return ""


def check_yaml(project_dir: Path, limits: Limits = Limits()) -> list[Problem]:
    """Problems when ``project.yaml`` is too big or too complex to parse safely (checked before it is loaded)."""
    import yaml

    path = project_dir / PROJECT_FILE
    size = path.stat().st_size
    if size > limits.max_yaml_bytes:
        return [Problem(PROJECT_FILE, f"the file is {size} bytes; at most {limits.max_yaml_bytes} are accepted",
                        expected=f"at most {limits.max_yaml_bytes} bytes")]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    events = aliases = 0
    try:
        with open(path, "rb") as stream:
            for event in yaml.parse(stream, Loader=loader):
                events += 1
                aliases += isinstance(event, yaml.AliasEvent)
                if events > limits.max_yaml_nodes:
                    return [Problem(PROJECT_FILE, f"more than {limits.max_yaml_nodes} YAML nodes",
                                    expected=f"at most {limits.max_yaml_nodes} nodes")]
                if aliases > limits.max_yaml_aliases:
                    return [Problem(PROJECT_FILE, f"more than {limits.max_yaml_aliases} YAML aliases (*name)",
                                    expected=f"at most {limits.max_yaml_aliases} aliases")]
    except yaml.YAMLError:
        return []  # the loader reports the syntax error with its line
    return []


def check_references(project_dir: Path) -> list[Problem]:
    """Problems with files ``project.yaml`` points at outside the upload, or an unknown brand."""
    from reporter.brand import available_brands
    from reporter.config.load import load_project

    try:
        project = load_project(project_dir)   # already refuses '..', absolute paths and odd brand names
    except InputError as exc:
        return list(exc.problems)
    root = project_dir.resolve()            # and symlinks that lead out of the upload
    problems = []
    referenced = [("data.files", f) for f in project.data.files] + [
        (f"coded[{i}].file", q.file) for i, q in enumerate(project.coded)]
    if project.costs is not None:
        referenced.append(("costs.file", project.costs.file))
        if project.costs.budget is not None:
            referenced.append(("costs.budget.file", project.costs.budget.file))
    for key, name in referenced:
        if Path(name).is_absolute() or not (project_dir / name).resolve().is_relative_to(root):
            problems.append(Problem(PROJECT_FILE, f"{key}: the file must lie inside the uploaded project",
                                    value=name, expected="a path relative to project.yaml, without '..'"))
    if project.brand not in available_brands():
        problems.append(Problem(PROJECT_FILE, "brand: unknown brand", value=project.brand,
                                expected=", ".join(available_brands())))
    return problems


def validate(project_dir: Path, limits: Limits = Limits()):
    """``(Project, Survey)`` of an extracted upload, or :class:`InputError` with every problem (paths relative)."""
    from reporter.data.load import load_survey

    try:
        problems = check_yaml(project_dir, limits) or check_references(project_dir)
        if problems:
            raise InputError(problems)
        return load_survey(project_dir)
    except InputError as exc:
        raise InputError([_relative(p, project_dir) for p in exc.problems]) from None


def _relative(problem: Problem, project_dir: Path) -> Problem:
    """The problem with the server's upload folder removed from its file name."""
    for prefix in (str(project_dir.resolve()) + "/", str(project_dir) + "/"):
        if problem.file.startswith(prefix):
            return dataclasses.replace(problem, file=problem.file[len(prefix):])
    return problem


def problem_json(problem: Problem) -> dict[str, Any]:
    """A problem as JSON: file, row, column, value (JSON types kept, others as text), expected, message."""
    value = problem.value
    if value is not None and not isinstance(value, (str, int, float, bool)):
        value = str(value)
    if isinstance(value, float) and value != value:  # NaN
        value = None
    return {"file": problem.file, "row": problem.row, "column": problem.column, "value": value,
            "expected": problem.expected, "severity": problem.severity, "message": problem.message,
            "text": str(problem)}


def remove_tree(path: Path) -> None:
    """Delete a folder tree if it exists (a failed or superseded upload)."""
    shutil.rmtree(path, ignore_errors=True)
