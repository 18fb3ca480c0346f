"""Load test: N concurrent clients asking through the running server's API (loopback only, bounded in time)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from measure import percentile  # benchmarks/ is on sys.path: it holds this script

ROOT = Path(__file__).resolve().parents[1]


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server at {url} did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--port", type=int, default=7871)
    parser.add_argument("--index", default=str(ROOT / "embeddings"))
    parser.add_argument("--questions", default=str(ROOT / "tests" / "data" / "seed_questions.jsonl"),
                        help="JSONL questions the clients ask in turn")
    parser.add_argument("--url", default=None, help="an already running server (loopback); default: start one")
    parser.add_argument("--via", choices=["rest", "gradio", "gradio-client", "gradio-ask"], default="rest",
                        help="rest: POST /api/ask (plain JSON). gradio: the chat's own event through Gradio's queue "
                             "(/chat: the answer rendered, the conversation kept), over Gradio's HTTP call API with a "
                             "light client; gradio-client: the same through gradio_client (heavier clients on the same "
                             "cores); gradio-ask: Gradio's /ask API through gradio_client")
    parser.add_argument("--no-cache", action="store_true",
                        help="start the server with its answer cache off (QA_ANSWER_CACHE=0): every question is "
                             "answered afresh (the clients ask the same questions over and over)")
    args = parser.parse_args()
    if args.clients > 200 or args.seconds > 600:
        raise SystemExit("bounded: at most 200 clients and 600 seconds")
    server = None
    url = args.url or f"http://127.0.0.1:{args.port}/"
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("loopback only")
    if args.url is None:
        import os

        env = {**os.environ, **({"QA_ANSWER_CACHE": "0"} if args.no_cache else {})}
        server = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--index", args.index, "--port", str(args.port)],
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        wait_for(url)
        from gradio_client import Client

        questions = [json.loads(line)["question"] for line in
                     Path(args.questions).read_text(encoding="utf-8").splitlines() if line.strip()]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop_at = time.time() + args.seconds

        def rest_client():
            import http.client
            from urllib.parse import urlparse

            parts = urlparse(url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

            def predict(question: str, k: int, api_name: str = "/ask") -> dict:
                body = json.dumps({"question": question, "k": k}).encode("utf-8")
                connection.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
                reply = connection.getresponse()
                data = reply.read()
                if reply.status != 200:
                    raise RuntimeError(f"HTTP {reply.status}")
                return json.loads(data)

            return predict

        def gradio_http_client():
            """The chat event through Gradio's queue: POST /gradio_api/call/chat, then read its event stream."""
            import http.client
            from urllib.parse import urlparse

            parts = urlparse(url)
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            session = uuid.uuid4().hex[:11]  # one browser session per client, as a page keeps it

            def predict(question: str, k: int, api_name: str = "/chat") -> dict:
                body = json.dumps({"data": [question, [], "", "", None],  # no filters
                                   "session_hash": session}).encode("utf-8")
                connection.request("POST", "/gradio_api/call/chat", body, {"Content-Type": "application/json"})
                reply = connection.getresponse()
                data = reply.read()
                if reply.status != 200:
                    raise RuntimeError(f"HTTP {reply.status}")
                event = json.loads(data)["event_id"]
                connection.request("GET", f"/gradio_api/call/chat/{event}")
                reply = connection.getresponse()
                stream = reply.read().decode("utf-8")
                kind, payload = None, None
                for line in stream.splitlines():
                    if line.startswith("event: "):
                        kind = line[7:].strip()
                    elif line.startswith("data: ") and kind == "complete":
                        payload = json.loads(line[6:])
                if payload is None:
                    raise RuntimeError(f"no answer: {stream[:80]!r}")
                box, turns, page = payload
                return turns[-1]["a"] if turns and "section" in page else {}

            return predict

        def chat_client():
            client = Client(url, verbose=False)

            def predict(question: str, k: int, api_name: str = "/ask") -> dict:
                box, turns, page = client.predict(question, [], "", "", None, api_name="/chat")
                return turns[-1]["a"] if turns and "section" in page else {}

            return predict

        def client_loop(number: int) -> None:
            predict = {"gradio": gradio_http_client, "gradio-client": chat_client,
                       "gradio-ask": lambda: Client(url, verbose=False).predict, "rest": rest_client}[args.via]()
            i = number
            while time.time() < stop_at:
                question = questions[i % len(questions)]
                i += 1
                started = time.perf_counter()
                try:
                    res = predict(question, 5, api_name="/ask")
                    ok = isinstance(res, dict) and "passages" in res
                    with lock:
                        latencies.append((time.perf_counter() - started) * 1000)
                        if not ok:
                            errors.append("malformed reply")
                except Exception as exc:  # noqa: BLE001 - every failure is counted
                    with lock:
                        errors.append(type(exc).__name__)

        threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(args.clients)]
        began = time.time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - began
        print(f"via: {args.via}  clients: {args.clients}  duration: {elapsed:.1f} s  requests: {len(latencies)}  errors: {len(errors)}")
        print(f"throughput: {len(latencies) / elapsed:.1f} req/s")
        if not latencies:
            raise SystemExit(f"no answers; errors: {sorted(set(errors))}")
        print(f"latency p50 {statistics.median(latencies):.1f} ms  p95 {percentile(latencies, 0.95):.1f} ms  "
              f"max {max(latencies):.1f} ms  (target: 0 errors, p95 < {500 if args.via == 'gradio' else 200} ms "
              f"at 20 clients)")
        if errors:
            print("error kinds:", sorted(set(errors)))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
