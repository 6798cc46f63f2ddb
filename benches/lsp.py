#!/usr/bin/env python3
"""`okr lsp` under load: a 500-KR document open in a workspace of 2,000 documents.

Measures, over JSON-RPC on the real binary:
  - diagnostics: from sending an edit (didChange) to receiving that version's diagnostics;
  - hover on a KR ID;
  - the server's peak resident memory (VmHWM).
Prints the median and 90th percentile of each. Medians are the figures to quote.

Usage: benches/lsp.py [OKR_BINARY] [OUT_DIR]   (build with `cargo build --release` first)
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OKR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "target", "release", "okr"))
OUT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "target", "bench", "lsp"))
ROUNDS = 50


def big_document(objectives=125, krs=4):
    lines = ["---", "cycle: 2026-Q4", "team: Everything", "owner: Dana Lee", "---", "", "# Everything: 2026-Q4", ""]
    for o in range(1, objectives + 1):
        lines += [f"## O{o}: Make customers succeed in area {o}", "", "- Owner: Dana Lee", ""]
        for k in range(1, krs + 1):
            lines += [
                f"### O{o}-KR{k}: Increase weekly active teams in area {o} from 100 to {200 + k} by Dec 31",
                "",
                "- Owner: Sam Ortiz",
                "- Baseline: 100 teams",
                f"- Target: {200 + k} teams",
                "- Due: 2026-12-31",
                "- Source: [Warehouse](https://bi.example.com/teams)",
                "- Refresh: daily",
                "",
            ]
    lines += ["## Check-ins", "", "| Date | KR | Actual | Confidence | Insight | Next action | Help needed |",
              "|------|----|--------|------------|---------|-------------|-------------|"]
    for o in range(1, objectives + 1):
        for k in range(1, krs + 1):
            lines.append(f"| 2026-11-30 | O{o}-KR{k} | 150 teams | 7 | Steady | Keep going | |")
    return "\n".join(lines) + "\n"


class Client:
    def __init__(self, root):
        self.proc = subprocess.Popen([OKR, "lsp"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.proc.stdout.readline().strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == rid:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            message = self.read()
            p = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri \
                    and p.get("version") == version:
                return p["diagnostics"]

    def peak_rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


def summary(name, samples, unit="ms"):
    samples = sorted(samples)
    p90 = samples[int(len(samples) * 0.9) - 1]
    print(f"{name}: median {statistics.median(samples):.2f} {unit}, p90 {p90:.2f} {unit}, "
          f"min {samples[0]:.2f} {unit} ({len(samples)} rounds)")


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "okrs"))
    subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), "2000", os.path.join(OUT, "okrs", "teams")],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(OUT, "okr.yaml"), "w") as config:
        config.write("limits:\n  team_objectives: 200\n")
    big = os.path.join(OUT, "okrs", "everything.md")
    text = big_document()
    with open(big, "w") as f:
        f.write(text)
    uri = "file://" + big
    client = Client(OUT)
    client.request("initialize", {"capabilities": {}, "workspaceFolders": [{"uri": "file://" + OUT, "name": "bench"}]})
    client.notify("initialized", {})
    started = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    found = client.diagnostics(uri, 1)
    print(f"500 KRs, 2,000 sibling documents; first diagnostics ({len(found)}) after "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    line = text.splitlines().index("### O60-KR2: Increase weekly active teams in area 60 from 100 to 202 by Dec 31")
    edits = []
    for version in range(2, ROUNDS + 2):
        letter = "ab"[version % 2]
        change = {"range": {"start": {"line": line, "character": 40}, "end": {"line": line, "character": 41}}, "text": letter}
        started = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        client.diagnostics(uri, version)
        edits.append((time.perf_counter() - started) * 1000)
    hovers = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        answer = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}})
        hovers.append((time.perf_counter() - started) * 1000)
        assert answer["result"], answer
    summary("diagnostics after an edit", edits)
    summary("hover on a KR ID", hovers)
    print(f"peak server memory: {client.peak_rss_mb():.1f} MB")
    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=10)


if __name__ == "__main__":
    main()
