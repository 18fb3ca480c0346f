"""The index folder: versions published by one atomic pointer switch, one writer at a time, crash recovery.

An index folder (`embeddings/`) holds:

    CURRENT                  the published version's name and a newline; replaced by one os.replace
    v000007-<16 hex>/        a whole index: written under another name, fsynced, renamed in, never changed again
    .staging-<pid>-<ns>/     a build being written (never read; a leftover after a crash)
    .deleting-<name>/        an old version being removed (renamed first, so it never looks whole)
    .qa.lock                 the writer lock (fcntl.flock); while held, the holder's pid, host and start time

Readers read CURRENT, then only that version's folder: they see a whole old or a whole new index. The name ends
with a digest of the version's files, so a build that writes the same bytes publishes nothing (the folder stays
byte for byte as it was). Versions older than the newest KEEP_VERSIONS (the current one included) are removed,
only after the switch. A folder of the earlier flat layout (manifest.json at the top) is read as it is; the first
build into it publishes a version beside it, and its flat files count as the oldest version.

`step(name)` marks every point where a build can fail or be killed (after each file, during fsync, around the
rename and the pointer switch, after each removal): tests inject faults there (FAULT_HOOK in process, or the
QA_TEST_FAULT environment variable in a child process; see DEVELOPERS.md).
"""

from __future__ import annotations

import errno
import fcntl
import fnmatch
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import BuildError, DiskFullError, IndexLoadError, IndexLockedError, IndexWriteError, QAError

log = logging.getLogger("qa.index")

POINTER = "CURRENT"
POINTER_TMP = "CURRENT.tmp"
LOCK = ".qa.lock"
STAGING = ".staging-"
DELETING = ".deleting-"
MANIFEST = "manifest.json"
KEEP_VERSIONS = 2  # the current version and the one before it
_VERSION = re.compile(r"v(\d{6,})-([0-9a-f]{16})")
_SHORT_WRITE = re.compile(r"\d+ requested and \d+ written|fwrite|write error|No space left", re.I)
# What an index folder of the flat layout held (removed once a newer version is published and it falls out).
_FLAT = re.compile(r"manifest\.json|sources\.json|vectors\.npy|dense\.faiss(\.tmp)?|dense\.centroids\.npy|"
                   r"bm25\.json(\.tmp)?|bm25_body|bm25_title|(passages|articles|tokens)\.[\w.]+")
UNTOUCHED = "nothing was published; the previous index is untouched"

FAULT_HOOK: Callable[[str], None] | None = None  # tests: called with the name of every step


# ---------------------------------------------------------------- the test seam
def step(name: str) -> None:
    """A named point of a build or publish where tests inject a failure or a kill (no effect otherwise)."""
    if FAULT_HOOK is not None:
        FAULT_HOOK(name)
    spec = os.environ.get("QA_TEST_FAULT")
    if spec:
        _env_fault(spec, name)


def _env_fault(spec: str, name: str) -> None:
    """QA_TEST_FAULT="<step glob>=<action>": pause (write QA_TEST_MARKER, then wait to be killed), kill (SIGKILL
    self), enospc, erofs, eacces, eio (raise that OSError), memory (raise MemoryError). The first match acts."""
    pattern, _, action = spec.rpartition("=")
    if not fnmatch.fnmatchcase(name, pattern):
        return
    if action == "pause":
        marker = os.environ.get("QA_TEST_MARKER")
        if marker:
            tmp = f"{marker}.tmp-{os.getpid()}"
            Path(tmp).write_text(name, encoding="utf-8")
            os.replace(tmp, marker)
        while True:
            time.sleep(3600)
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if action == "memory":
        raise MemoryError(f"injected at {name}")
    codes = {"enospc": errno.ENOSPC, "erofs": errno.EROFS, "eacces": errno.EACCES, "eio": errno.EIO}
    if action in codes:
        raise OSError(codes[action], os.strerror(codes[action]), f"<injected at {name}>")


# ---------------------------------------------------------------- errors
def _free(folder: Path) -> int | None:
    for path in (folder, *folder.parents):
        try:
            stat = os.statvfs(path)
            return stat.f_bavail * stat.f_frsize
        except OSError:
            continue
    return None


def _size(n: int | None) -> str:
    if n is None:
        return "unknown"
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n} bytes"


def write_error(exc: BaseException, folder: Path, what: str) -> QAError:
    """One line for a failure to write `what` into the index folder: disk full, read-only, permission, other."""
    folder = Path(folder)
    code = getattr(exc, "errno", None)
    text = " ".join(str(exc).split())
    free = _free(folder)
    if (code in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text or "Disk quota" in text
            or (code is None and _SHORT_WRITE.search(text)) or (isinstance(exc, RuntimeError) and free is not None
                                                                and free < 1 << 20)):
        return DiskFullError(f"no space left on the disk of {folder} while writing {what} ({_size(free)} free); "
                             f"{UNTOUCHED}; free some space and run qa build again")
    if code == errno.EROFS or "Read-only file system" in text:
        return IndexWriteError(f"{folder} is on a read-only file system: cannot write {what}; {UNTOUCHED}; "
                               f"build into a writable --out")
    if code in (errno.EACCES, errno.EPERM) or "Permission denied" in text:
        return IndexWriteError(f"permission denied writing {what} in {folder}; {UNTOUCHED}")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else (text[-200:] or type(exc).__name__)
    return IndexWriteError(f"cannot write {what} in {folder}: {reason}; {UNTOUCHED}")


@contextmanager
def writing(folder: Path, what: str) -> Iterator[None]:
    """Turn OSError, FAISS's RuntimeError and MemoryError while writing `what` into the project's one-line errors."""
    try:
        yield
    except QAError:
        raise
    except MemoryError:
        raise BuildError(f"out of memory while writing {what} in {folder}; {UNTOUCHED}") from None
    except (OSError, RuntimeError) as exc:
        raise write_error(exc, folder, what) from None


# ---------------------------------------------------------------- reading the pointer
def _pointer(folder: Path) -> str | None:
    """The name CURRENT holds (None when there is no CURRENT); IndexLoadError when it is damaged."""
    try:
        raw = (folder / POINTER).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    name = raw.decode("ascii", "replace").strip()
    if not _VERSION.fullmatch(name):
        raise IndexLoadError(f"{folder / POINTER} is damaged; rebuild with: qa build --out {folder}")
    return name


def _seq(name: str) -> int:
    return int(_VERSION.fullmatch(name).group(1))


def versions(folder: Path) -> list[str]:
    """Version folders present (published or not), oldest first."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return sorted((n for n in names if _VERSION.fullmatch(n) and (folder / n).is_dir()), key=_seq)


def _is_flat_index(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("format") == "union-news-qa-index"


def resolve(folder: Path, recover: bool = True) -> tuple[Path, str | None]:
    """(the folder of the published version to read, its id). A folder of the flat layout is its own version; a
    version folder given directly resolves to itself. Leftovers of a crash are cleaned first when nobody builds."""
    folder = Path(folder)
    if recover:
        recover_for_reading(folder)
    name = _pointer(folder)
    if name is not None:
        version = folder / name
        if not version.is_dir():
            raise IndexLoadError(f"{folder / POINTER} names {name}, which is missing; rebuild with: qa build --out "
                                 f"{folder}")
        return version, name
    try:
        stat = os.stat(folder / MANIFEST)
    except OSError:
        return folder, None
    return folder, f"flat:{stat.st_ino}:{stat.st_mtime_ns}"


def current_version(folder: Path) -> str | None:
    """The id of what a load of `folder` reads now (None: no index there); IndexLoadError when the folder is
    gone or its pointer damaged. Cheap: for watchers."""
    folder = Path(folder)
    if not folder.is_dir():
        raise IndexLoadError(f"no index at {folder} (the folder is gone)")
    return resolve(folder, recover=False)[1]


# ---------------------------------------------------------------- the writer lock
_held: dict[str, int] = {}  # folder -> thread holding its lock in this process (re-entry by the same thread)
_held_guard = threading.Lock()


def _key(folder: Path) -> str:
    return os.path.join(os.path.realpath(folder.parent), folder.name)


def _holder(fd: int) -> dict | None:
    try:
        raw = os.pread(fd, 4096, 0)
    except OSError:
        return None
    if not raw.strip():
        return None
    try:
        info = json.loads(raw)
        return info if isinstance(info, dict) else {"raw": raw[:80].decode("utf-8", "replace")}
    except ValueError:
        return {"raw": raw[:80].decode("utf-8", "replace")}


def describe(info: dict | None) -> str:
    if not info:
        return "holder unknown"
    if "pid" not in info:
        return f"holder {info.get('raw', '?')!r}"
    return f"pid {info.get('pid')} on {info.get('host', '?')}, started {info.get('started', '?')}"


class Writer:
    """The index folder's one-writer lock (fcntl.flock on .qa.lock) plus recovery of a crashed build's leftovers.

    `wait`: seconds to wait for another build (0: fail at once with IndexLockedError naming the holder). The lock
    of a holder that died is free (the kernel drops it) and its record is taken over with one line. Re-entrant
    for the thread that holds it: build_index takes it and write_index lets it go, and `qa build --wait` may hold
    it around both.
    """

    def __init__(self, folder: Path, wait: float = 0.0, recover: bool = True) -> None:
        self.folder = Path(folder)
        self.wait = wait
        self.recover = recover
        self.messages: list[str] = []
        self._fd: int | None = None
        self._nested = False
        self._created = False

    def __enter__(self) -> "Writer":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._fd is not None or self._nested

    def acquire(self) -> "Writer":
        key = _key(self.folder)
        with _held_guard:
            if _held.get(key) == threading.get_ident():
                self._nested = True
                return self
        self.messages += restore_flat(self.folder)
        self._lock()
        with _held_guard:
            _held[key] = threading.get_ident()
        if self.recover:
            try:
                self.messages += recover(self.folder, building=True)
            except BaseException:
                self.release()
                raise
        return self

    def _lock(self) -> None:
        deadline = time.monotonic() + self.wait
        path = self.folder / LOCK
        announced = False
        while True:
            with writing(self.folder, f"the lock file {LOCK}"):
                if not self.folder.is_dir():
                    try:
                        self.folder.mkdir(parents=True)
                        self._created = True
                    except FileExistsError:
                        pass
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise IndexLockedError(f"{self.folder} is being built by another qa build ({describe(holder)}); "
                                           f"wait for it to finish, or pass --wait") from None
                if not announced:
                    log.warning(f"waiting for another build of {self.folder} ({describe(holder)}) to finish")
                    announced = True
                time.sleep(0.1)
                continue
            try:  # a releaser that made the folder may have removed the file: then lock the new one
                same = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            break
        self._fd = fd
        stale = _holder(fd)
        if stale:
            message = f"took over the lock of a build that never finished ({describe(stale)}; killed or crashed)"
            log.warning(f"{self.folder}: {message}")
            self.messages.append(message)
        info = {"pid": os.getpid(), "host": socket.gethostname(),
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        try:  # best effort: on a full disk the lock still works without its record
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(info) + "\n").encode("utf-8"), 0)
        except OSError:
            pass

    def release(self) -> None:
        if self._nested:
            self._nested = False
            return
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with _held_guard:
            _held.pop(_key(self.folder), None)
        try:
            os.ftruncate(fd, 0)  # a clean exit leaves it empty: a record in a free lock means a crash
        except OSError:
            pass
        if self._created:  # a failed first build leaves no folder behind
            try:
                if os.listdir(self.folder) == [LOCK]:
                    os.unlink(self.folder / LOCK)
                    os.rmdir(self.folder)
            except OSError:
                pass
        os.close(fd)


# ---------------------------------------------------------------- recovery
def _flat_leftovers(folder: Path, kind: str) -> list[Path]:
    """`.<name>.old-<pid>-<ns>` / `.<name>.tmp-<pid>` beside the folder, left by the earlier two-rename swap."""
    try:
        names = os.listdir(folder.parent if str(folder.parent) else ".")
    except OSError:
        return []
    prefix = f".{folder.name}.{kind}-"
    found = [folder.parent / n for n in names if n.startswith(prefix)]
    return sorted(found, key=lambda p: p.name.rsplit("-", 1)[-1].rjust(24, "0"), reverse=True)


def restore_flat(folder: Path) -> list[str]:
    """A build of the earlier layout killed between its two renames left no folder and the previous index under
    `.<name>.old-*`: rename it back (the newest whole one)."""
    folder = Path(folder)
    if folder.exists():
        return []
    for old in _flat_leftovers(folder, "old"):
        if not _is_flat_index(old):
            continue
        try:
            os.rename(old, folder)
        except FileNotFoundError:
            continue  # another process restored it first
        except OSError as exc:
            if folder.exists():
                return []
            raise IndexLoadError(f"no index at {folder}: the previous one is stranded at {old} and could not be "
                                 f"moved back ({exc.strerror}); move it to {folder}") from None
        try:
            _fsync_dir(folder.parent)
        except OSError:
            pass
        message = f"restored {folder} from {old.name} (a build was killed between the two renames of the old layout)"
        log.warning(message)
        return [message]
    return []


def _loads(version: Path) -> bool:
    from .store import read_index  # the store reads files; this module only knows the folder's layout

    try:
        read_index(version, recover=False)
        return True
    except (QAError, OSError, ValueError, KeyError, TypeError):
        return False


def recover(folder: Path, building: bool) -> list[str]:
    """Clean what a crashed build left in `folder`, or finish it; the caller holds the lock. One line per action.

    Never deletes the only loadable copy: unpublished or stranded copies go only when the published one loads.
    """
    folder = Path(folder)
    done: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return done
    for name in names:
        path = folder / name
        if name.startswith(STAGING):
            _remove(path)
            done.append(f"removed {name}, the half-written folder of a build that was interrupted")
        elif name.startswith(DELETING):
            _remove(path)
            done.append(f"finished removing an old version ({name[len(DELETING):]})")
        elif name == POINTER_TMP:
            _remove(path)
            done.append(f"removed {POINTER_TMP} of a pointer switch that never happened")
    try:
        current = _pointer(folder)
    except IndexLoadError:
        current = None  # damaged by hand: leave everything for a person to look at
        return _report(folder, done)
    present = versions(folder)
    flat = _is_flat_index(folder)
    if current is None and not flat and present:
        for name in reversed(present):  # finish the switch of the newest whole version: the only copy there is
            if _loads(folder / name):
                _switch(folder, name)
                done.append(f"published {name}: it was complete, but its build was killed before the switch")
                current = name
                break
    current_ok = (current is not None and (folder / current).is_dir() and _loads(folder / current)) or \
        (current is None and flat and _loads(folder))
    if current_ok and current is not None:
        for name in present:
            if _seq(name) > _seq(current):
                _discard(folder, name)
                done.append(f"removed {name}: complete but never published (its build was killed before the switch)")
    if current_ok:
        for old in _flat_leftovers(folder, "old"):
            _remove(old)
            done.append(f"removed {old.name}, a stranded copy of an older index (the current one loads)")
        for tmp in _flat_leftovers(folder, "tmp"):
            pid = tmp.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _alive(int(pid)):
                _remove(tmp)
                done.append(f"removed {tmp.name}, the half-written folder of an interrupted build (old layout)")
    return _report(folder, done)


def _report(folder: Path, done: list[str]) -> list[str]:
    for line in done:
        log.warning(f"{folder}: {line}")
    return done


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _needs_recovery(folder: Path) -> bool:
    try:
        names = os.listdir(folder)
    except OSError:
        return bool(_flat_leftovers(folder, "old"))
    for name in names:
        if name.startswith((STAGING, DELETING)) or name == POINTER_TMP:
            return True
    try:
        if os.stat(folder / LOCK).st_size > 0:  # a live build's record, or a dead one's
            return True
    except OSError:
        pass
    if POINTER not in names and any(_VERSION.fullmatch(n) for n in names):
        return True
    try:
        current = _pointer(folder)
    except IndexLoadError:
        return False
    if current is not None and any(_VERSION.fullmatch(n) and _seq(n) > _seq(current) for n in names):
        return True
    return bool(_flat_leftovers(folder, "old") or _flat_leftovers(folder, "tmp"))


def recover_for_reading(folder: Path) -> list[str]:
    """Before a load: restore a stranded flat index; clean a crash's leftovers if no build is running (a running
    build's lock is left alone, and so is a folder this process cannot write)."""
    folder = Path(folder)
    done = restore_flat(folder)
    if not folder.is_dir() or not _needs_recovery(folder):
        return done
    with _held_guard:
        if _held.get(_key(folder)) is not None:
            return done  # this process is building it
    writer = Writer(folder, wait=0.0)
    try:
        writer.acquire()
    except (IndexLockedError, IndexWriteError):
        return done
    try:
        return done + writer.messages
    finally:
        writer.release()


# ---------------------------------------------------------------- publishing
def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def _discard(folder: Path, name: str) -> None:
    """Remove a version: renamed first (one atomic step: it never looks whole once removal starts)."""
    doomed = folder / f"{DELETING}{name}"
    try:
        os.rename(folder / name, doomed)
    except FileNotFoundError:
        return
    step(f"discard:{name}")
    shutil.rmtree(doomed, ignore_errors=True)


def digest(version: Path, each: Callable[[str, int], None] | None = None) -> str:
    """SHA-256 of a version's file names, sizes and bytes: its identity (the end of its name). `each(rel, fd)` is
    called on every open file (publish fsyncs it there)."""
    version = Path(version)
    total = hashlib.sha256()
    files = [p for p in version.rglob("*") if not p.is_dir()]
    for path in sorted(files, key=lambda p: p.relative_to(version).as_posix()):
        rel = path.relative_to(version).as_posix()
        with open(path, "rb") as handle:
            total.update(f"{rel}\0{os.fstat(handle.fileno()).st_size}\0".encode("utf-8"))
            for block in iter(lambda: handle.read(1 << 20), b""):
                total.update(block)
            if each is not None:
                each(rel, handle.fileno())
    return total.hexdigest()


def _sync(staging: Path, folder: Path) -> str:
    """fsync every file and folder of a version; its digest."""
    def sync(rel: str, fd: int) -> None:
        step(f"fsync:{rel}")
        os.fsync(fd)

    with writing(folder, "the new version (fsync)"):
        value = digest(staging, sync)
        for path in sorted([staging, *(p for p in staging.rglob("*") if p.is_dir())], key=lambda p: -len(p.parts)):
            _fsync_dir(path)
    return value


def _switch(folder: Path, name: str) -> None:
    """Point CURRENT at `name`: a durable temp file, then one os.replace, then the folder's entry made durable."""
    tmp = folder / POINTER_TMP
    with writing(folder, POINTER):
        with open(tmp, "wb") as handle:
            handle.write(f"{name}\n".encode("ascii"))
            handle.flush()
            step("fsync:CURRENT")
            os.fsync(handle.fileno())
        step("switch:before")
        os.replace(tmp, folder / POINTER)
    step("switch:after")
    try:
        _fsync_dir(folder)
    except OSError as exc:  # published and visible; only durability across a power cut is in doubt
        log.warning(f"{folder}: published {name}, but syncing the folder failed ({exc.strerror})")


def publish(folder: Path, fill: Callable[[Path], None], keep: int | None = None) -> Path:
    """Write a version with `fill(staging folder)`, fsync it, rename it in and switch CURRENT to it; then remove
    versions beyond `keep`. Returns the published version's folder (the current one when the bytes are the same).
    The caller holds the Writer lock. Any failure before the switch leaves the folder as it was."""
    folder = Path(folder)
    staging = folder / f"{STAGING}{os.getpid()}-{time.time_ns()}"
    target: Path | None = None
    published = False
    try:
        with writing(folder, "a new version folder"):
            staging.mkdir()
            step("staging")
        fill(staging)
        digest = _sync(staging, folder)
        current = _pointer(folder)
        if (current is not None and current.endswith(digest[:16]) and (folder / current).is_dir()
                and _same_digest(folder / current, digest)):  # the published one is whole: nothing to publish
            _remove(staging)
            step("unchanged")
            return folder / current
        present = versions(folder)
        name = f"v{(_seq(present[-1]) if present else 0) + 1:06d}-{digest[:16]}"
        step("rename:before")
        with writing(folder, name):
            os.rename(staging, folder / name)
        target = folder / name
        step("rename:after")
        with writing(folder, "the index folder"):
            _fsync_dir(folder)
        step("pointer")
        try:
            _switch(folder, name)
        finally:
            published = _pointer_quietly(folder) == name
    except BaseException:
        if not published:  # nothing switched: take away what this build made, keep what was there
            _remove(staging)
            if target is not None:
                _discard(folder, target.name)
            _remove(folder / POINTER_TMP)
        raise
    prune(folder, name, KEEP_VERSIONS if keep is None else keep)
    return folder / name


def _same_digest(version: Path, expected: str) -> bool:
    try:
        return digest(version) == expected
    except OSError:
        return False


def _pointer_quietly(folder: Path) -> str | None:
    try:
        return _pointer(folder)
    except IndexLoadError:
        return None


def prune(folder: Path, current: str, keep: int) -> None:
    """Remove versions beyond the newest `keep` (the current one included), unpublished leftovers and flat files
    that fell out; after the switch only. A failure here is logged: the new version is already published."""
    keep = max(1, keep)
    try:
        present = versions(folder)
        older = [n for n in reversed(present) if _seq(n) < _seq(current)]
        doomed = older[keep - 1:] + [n for n in present if _seq(n) > _seq(current)]
        for name in doomed:
            _discard(folder, name)
            step(f"prune:{name}")
        if _is_flat_index(folder) and len(older) >= keep - 1:
            _remove(folder / MANIFEST)  # first: the rest is never mistaken for an index
            for name in os.listdir(folder):
                if _FLAT.fullmatch(name):
                    _remove(folder / name)
            step("prune:flat")
    except OSError as exc:
        log.warning(f"{folder}: published {current}, but removing old versions failed ({exc.strerror})")


# ---------------------------------------------------------------- watchers
_watch_problem: dict[str, str | None] = {}


def note_refresh(folder: Path, loaded: str | None, now: str | None, problem: BaseException | None, result):
    """One log line when a watched index switches version, cannot be loaded (once per distinct problem) or can
    be again; returns `result` (NewsQA.refresh's answer)."""
    key = _key(Path(folder))
    text = None if problem is None else " ".join(str(problem).split())
    if text != _watch_problem.get(key):
        if text is not None:
            log.warning(f"{folder}: cannot load it ({text}); still answering from the version loaded ({loaded})")
        _watch_problem[key] = text
    if problem is None and now != loaded:
        log.warning(f"{folder}: switched to the newly published version {now}")
    return result
