"""The `qa` command: build, ask, eval, serve; it parses input, calls the API and formats the output."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .errors import QAError
from .fusion import MODES


class OneLineErrors(click.Group):
    """Turn every QAError (and unexpected failures) into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except QAError as exc:
            raise click.ClickException(str(exc)) from None
        except (KeyboardInterrupt, click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `qa ask … | head`: the reader left; nothing to report
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            raise click.ClickException(f"{exc.filename or ''}: {exc.strerror or exc}".strip(": ")) from None
        except MemoryError:
            raise click.ClickException("out of memory") from None


@click.group(cls=OneLineErrors)
@click.version_option(package_name="union-news-qa")
def main() -> None:
    """Question answering over Chinese trade-union news, with cited passages."""


def _backend_options(command):
    """--backend local|milvus, --uri, --collection (Milvus: token, user, password, db from MILVUS_TOKEN, MILVUS_USER,
    MILVUS_PASSWORD, MILVUS_DB_NAME)."""
    command = click.option("--collection", default=None,
                           help="Milvus collection (default: from the index name, or 'news').")(command)
    command = click.option("--uri", default="./news.db", show_default=True,
                           help="Milvus: a local Milvus Lite file (./news.db) or a server (http://host:19530).")(command)
    return click.option("--backend", type=click.Choice(["local", "milvus"]), default="local", show_default=True,
                        help="Answer from the local index files or from Milvus.")(command)


def _milvus(uri: str, collection: str | None, **extra):
    """A MilvusBackend for the command line (credentials from the environment)."""
    from .backends.milvus import MilvusBackend

    options = {key: os.environ[f"MILVUS_{key.upper()}"] for key in ("token", "user", "password", "db_name")
               if os.environ.get(f"MILVUS_{key.upper()}")}
    return MilvusBackend(uri, collection, **options, **extra)


def _open_qa(index: Path, backend: str = "local", uri: str = "", collection: str | None = None):
    """NewsQA over the local index or over Milvus."""
    from .api import NewsQA

    if backend == "local":
        return NewsQA.load(index)
    from .backends.milvus import collection_name

    return NewsQA.from_backend(_milvus(uri, collection or collection_name(index.name)))


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", default="embeddings", show_default=True, type=click.Path(path_type=Path),
              help="Index folder to write (replaced atomically).")
@click.option("--model", default=None, help="e5 (offline multilingual-e5-small, needs the e5 extra), or a Hugging "
                                            "Face name or local folder of a sentence-transformers model "
                                            "(default: offline USE multilingual v3).")
@click.option("--if-stale", is_flag=True, help="Do nothing when the index already matches the sources and model.")
@click.option("--full", is_flag=True, help="Rebuild from scratch: reuse nothing of the index at --out.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--wait", is_flag=True, help="When another build holds --out, wait for it instead of failing.")
@_backend_options
def build(sources: tuple[Path, ...], out: Path, model: str | None, if_stale: bool, full: bool, quiet: bool,
          wait: bool, backend: str = "local", uri: str = "", collection: str | None = None) -> None:
    """Build the index for SOURCES (files or folders; default: seeds/).

    Every failure is one line on stderr and a non-zero exit, and leaves the previous index as it was."""
    from .api import NewsQA
    from .freshness import is_fresh
    from .publish import UNTOUCHED, Writer, write_error

    sources = sources or (Path("seeds"),)
    if backend == "milvus":
        return _build_milvus(sources, uri, collection or out.name, model, full)
    if if_stale and is_fresh(out, sources, model):
        click.echo(f"{out} is up to date")
        return
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or total == 0:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="embedding passages", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        with Writer(out, wait=float("inf") if wait else 0.0):  # one writer; a crash's leftovers cleaned first
            if if_stale and is_fresh(out, sources, model):  # built by the build this one waited for
                click.echo(f"{out} is up to date")
                return
            qa = NewsQA.build(list(sources), out=out, model=model, progress=progress, reuse=not full)
    except (QAError, KeyboardInterrupt, click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except MemoryError:
        raise click.ClickException(f"out of memory while building {out}; {UNTOUCHED}") from None
    except OSError as exc:
        raise click.ClickException(str(write_error(exc, out, exc.filename or "the index"))) from None
    except Exception as exc:  # noqa: BLE001 - whatever a library raises, the user gets one line
        reason = " ".join(str(exc).split())[-200:]
        raise click.ClickException(f"build of {out} failed: {type(exc).__name__}: {reason}; {UNTOUCHED}") from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    report = qa.report
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"built {out}: {report.articles} articles, {report.passages} passages "
               f"({report.embedded} embedded, {report.reused} reused; {report.reused_sources} of {report.sources} "
               f"source files unchanged) in {report.seconds:.1f}s")


def _build_milvus(sources, uri: str, collection: str | None, model: str | None, full: bool) -> None:
    from .backends.sync import build as build_into

    options = {key: os.environ[f"MILVUS_{key.upper()}"] for key in ("token", "user", "password", "db_name")
               if os.environ.get(f"MILVUS_{key.upper()}")}
    from .backends.milvus import collection_name

    report = build_into(list(sources), uri, collection_name(collection), model=model, full=full, **options)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"built Milvus collection {report.collection} at {uri}: {report.articles} articles, {report.passages} "
               f"passages ({report.upserted} written, {report.embedded} embedded, {report.deleted} deleted; "
               f"generation {report.generation}) in {report.seconds:.1f}s")


@main.command()
@click.option("--index", "index", default="embeddings", show_default=True, type=click.Path(path_type=Path),
              help="The local index to copy.")
@click.option("--uri", default="./news.db", show_default=True, help="Milvus Lite file or server URI.")
@click.option("--collection", default=None, help="Milvus collection (default: the index folder's name).")
@click.option("--full", is_flag=True, help="Drop the collection and copy everything again.")
@click.option("--native-bm25", is_flag=True, help="Also store a text field with Milvus's own BM25 (jieba analyzer).")
def migrate(index: Path, uri: str, collection: str | None, full: bool, native_bm25: bool) -> None:
    """Copy a built local index (passages, vectors, tokens, articles) into Milvus, without re-embedding."""
    from .backends.sync import migrate as copy_index

    options = {key: os.environ[f"MILVUS_{key.upper()}"] for key in ("token", "user", "password", "db_name")
               if os.environ.get(f"MILVUS_{key.upper()}")}
    report = copy_index(index, uri, collection, full=full, native_bm25=native_bm25, **options)
    click.echo(f"migrated {index} to Milvus collection {report.collection} at {uri}: {report.passages} passages, "
               f"{report.articles} articles ({report.upserted} written, {report.deleted} deleted; generation "
               f"{report.generation}) in {report.seconds:.1f}s")


@main.command()
@click.argument("question")
@click.option("--index", "index", default="embeddings", show_default=True, type=click.Path(path_type=Path))
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages to show.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only articles published on or after this date.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Only articles published on or before this date.")
@click.option("--source", default=None, help="Only articles whose publisher or source file name contains this.")
@click.option("--history", "history", multiple=True, metavar="QUESTION",
              help="An earlier question of the conversation (repeat, oldest first): QUESTION may be a follow-up.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@_backend_options
def ask(question: str, index: Path, k: int, since: str | None, until: str | None, source: str | None,
        history: tuple[str, ...], as_json: bool, backend: str = "local", uri: str = "",
        collection: str | None = None) -> None:
    """Answer QUESTION from the news, with cited passages."""
    from .api import MAX_QUESTION_CHARS

    text = question.strip()
    if not text:
        raise click.ClickException("the question is empty: qa ask \"大兴区职工知识竞赛谁获得了一等奖？\"")
    if len(text) > MAX_QUESTION_CHARS:
        raise click.ClickException(f"the question has {len(text)} characters; the limit is {MAX_QUESTION_CHARS}")
    filters = {key: value for key, value in (("since", since), ("until", until), ("source", source)) if value}
    options = {}
    if filters:
        options["filters"] = filters
    if history:
        options["history"] = list(history)
    res = _open_qa(index, backend, uri, collection).ask(text, k=k, **options)
    if as_json:
        click.echo(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
        return
    if res.abstained:
        click.echo(res.message)
    else:
        if getattr(res, "short_answer", None):
            click.echo(f"简答 Short answer: {res.short_answer}")
        click.echo(f"答案 Answer: {res.answer}")
        click.echo(f"出处 Source: {res.citation}{_published(res.passages[0])}")
    if res.passages:
        click.echo("\n相关段落 Related passages:" if res.abstained else "\n段落 Passages:")
    for number, passage in enumerate(res.passages, start=1):
        click.echo(f"[{number}] {passage.citation}{_published(passage)}  (score {passage.score:.3f})")
        click.echo(f"    {passage.text}")


def _published(passage) -> str:
    """ · date · publisher · URL, those the article has."""
    parts = [getattr(passage, name, None) for name in ("date", "publisher", "url")]
    return "".join(f" · {part}" for part in parts if part)


@main.command(name="feedback")
@click.option("--index", "index", default="embeddings", show_default=True, type=click.Path(path_type=Path),
              help="The index whose feedback log to read (<index>.feedback.jsonl beside it).")
@click.option("--log", "log", default=None, type=click.Path(path_type=Path), help="Read this feedback log instead.")
@click.option("--out", "out", default=None, type=click.Path(path_type=Path),
              help="Write the question file here (default: standard output).")
def feedback_command(index: Path, log: Path | None, out: Path | None) -> None:
    """Turn readers' 👎 into a question file to review (JSONL: fill in each `answer`, then `qa eval` it)."""
    from . import feedback

    path = log or feedback.log_path(index)
    entries = feedback.read(path)
    questions = feedback.review_questions(entries)
    lines = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in questions)
    if out is None:
        click.echo(lines, nl=False)
    else:
        out.write_text(lines, encoding="utf-8")
    downs = sum(1 for e in entries if e.get("vote") == "down" and not e.get("amends"))
    click.echo(f"{len(questions)} questions to review from {downs} 👎 of {len(entries)} entries in {path}"
               + (f" -> {out}" if out else ""), err=True)


@main.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--index", "index", default="embeddings", show_default=True, type=click.Path(path_type=Path),
              help="Index for JSONL question sets (SQuAD JSON builds its own from its passages).")
@click.option("--model", default=None, help="Embedder for SQuAD JSON: e5, a sentence-transformers model (default: "
                                            "offline USE).")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True,
              help="Retriever to measure: the hybrid, BM25 alone, FAISS alone, or naive RRF.")
@click.option("--json", "as_json", is_flag=True, help="Print metrics and per-question rankings as JSON.")
@_backend_options
def eval_command(file: Path, index: Path, model: str | None, mode: str, as_json: bool, backend: str = "local",
                 uri: str = "", collection: str | None = None) -> None:
    """Measure retrieval and abstention on FILE (JSONL questions, or SQuAD-style JSON such as CMRC 2018)."""
    from .evaluate import evaluate, evaluate_file, load_jsonl_cases

    if backend == "milvus":  # JSONL questions against a Milvus collection
        qa = _open_qa(index, backend, uri, collection)
        qa.settings.mode = mode
        report = evaluate(qa, load_jsonl_cases(file), f"{file.name} ({mode}, milvus)")
    else:
        report = evaluate_file(file, index=index, model=model, mode=mode)
    if as_json:
        click.echo(json.dumps({"name": report.name, "metrics": report.metrics, "questions": report.rows},
                              ensure_ascii=False, indent=2))
        return
    click.echo(report.name)
    for key, value in report.metrics.items():
        click.echo(f"  {key:24s} {value}")


@main.command()
@click.option("--index", "index", default="embeddings", show_default=True, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0 exposes it).")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@click.option("--auth-file", "auth_file", default=None, type=click.Path(path_type=Path),
              help="Logins, one USER:PASSWORD-HASH a line (make a line with: qa passwd USER). "
                   "Or set QA_AUTH=USER:PASSWORD-HASH (or USER:PASSWORD) in the environment.")
@click.option("--auth", default=None, metavar="USER:PASSWORD",
              help="A login on the command line (other users see it in `ps`: prefer --auth-file or QA_AUTH).")
@click.option("--open-chat", is_flag=True, help="With logins: leave the chat open to all, and require the login "
                                                "only for news management.")
@_backend_options
def serve(index: Path, host: str, port: int, auth_file: Path | None, auth: str | None, open_chat: bool,
          backend: str = "local", uri: str = "", collection: str | None = None) -> None:
    """Serve the web chat (and its API) over the index."""
    from .auth import load_credentials
    from .web import serve as run_server

    if auth:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise click.BadParameter("expected USER:PASSWORD", param_hint="--auth")
        click.echo("warning: --auth puts the password on the command line, where `ps` shows it to other users; "
                   "use --auth-file or the QA_AUTH variable", err=True)
    users = load_credentials(auth_file, command_line=auth)
    if host not in ("127.0.0.1", "localhost", "::1") and (not users or open_chat):
        click.echo(f"warning: serving on {host} with {'an open chat' if users else 'no login'}: anyone who can reach "
                   "this machine can use the chat" + ("" if users else " (news management stays off)"), err=True)
    if backend == "milvus":  # the chat over a Milvus collection; feedback beside the working folder
        qa = _open_qa(index, backend, uri, collection)
        run_server(Path(f"milvus-{qa.backend.collection}"), host=host, port=port, users=users, open_chat=open_chat,
                   qa=qa)
        return
    run_server(index, host=host, port=port, users=users, open_chat=open_chat)


@main.command()
@click.argument("user")
@click.password_option("--password", prompt="Password", help="Read from the terminal (or standard input) if omitted.")
def passwd(user: str, password: str) -> None:
    """Print an auth-file line USER:scrypt$… for --auth-file (the password is hashed with scrypt)."""
    from .auth import hash_password

    if ":" in user or not user.strip():
        raise click.BadParameter("a user name without ':'", param_hint="USER")
    click.echo(f"{user}:{hash_password(password)}")


if __name__ == "__main__":
    main()
