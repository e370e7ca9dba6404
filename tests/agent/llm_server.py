#!/usr/bin/env python3
"""A scripted LLM server for the agent tests (Python standard library only).

It answers POSTs from JSON scripts and records every request it gets, so a
test can check both sides of the wire:

  llm_server.py --scripts DIR --log REQUESTS.jsonl --port-file PORT

A request to /s/NAME/rest/of/path is answered from DIR/scenario-NAME.json
(read when NAME is first seen, so a test adds scenarios while the server
runs; one server serves a whole test, since starting Python is slow on a
loaded machine):

  {"responses": [{"status": 200, "headers": {...}, "body": {...} or "text",
                  "delay_ms": 0, "big_body": 0}, ...],
   "repeat_last": true}

Responses are served in order; "big_body": N sends a JSON body of about N
bytes; "drop_after": N announces the whole body (Content-Length) but sends
only its first N bytes, then closes the connection (a reply cut mid-body).
When the script runs out the last response repeats (or 599 when
repeat_last is false). Each request is appended to the log as one JSON line:
scenario, method, path (without /s/NAME), headers, body, time. The server
listens on 127.0.0.1, port chosen by the OS, written to the port file once
it is ready.
"""
import argparse
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scripts", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--port-file", required=True)
    args = ap.parse_args()
    lock = threading.Lock()
    scenarios = {}  # name -> {"responses", "repeat_last", "next"}

    def scenario(name):
        if name not in scenarios:
            path = os.path.join(args.scripts, "scenario-%s.json" % name)
            try:
                with open(path, encoding="utf-8") as f:
                    script = json.load(f)
            except (OSError, ValueError) as e:
                script = {"responses": [{"status": 598, "body": {"error": {"message": "no script: %s" % e}}}]}
            scenarios[name] = {"responses": script.get("responses", []),
                               "repeat_last": script.get("repeat_last", True), "next": 0}
        return scenarios[name]
    log = open(args.log, "a", encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            parts = self.path.split("/", 3)  # "", "s", NAME, rest
            name = parts[2] if len(parts) > 2 and parts[1] == "s" else ""
            path = "/" + parts[3] if len(parts) > 3 else "/"
            with lock:
                entry = {"scenario": name, "method": "POST", "path": path, "headers": dict(self.headers.items()),
                         "body": body, "time": time.time()}
                log.write(json.dumps(entry) + "\n")
                log.flush()
                state = scenario(name)
                responses, repeat_last = state["responses"], state["repeat_last"]
                i = state["next"]
                state["next"] += 1
            if i < len(responses):
                r = responses[i]
            elif responses and repeat_last:
                r = responses[-1]
            else:
                r = {"status": 599, "body": {"error": {"message": "script exhausted"}}}
            delay = r.get("delay_ms", 0)
            if delay:
                time.sleep(delay / 1000.0)
            if r.get("big_body"):
                payload = ('{"pad":"' + "x" * int(r["big_body"]) + '"}').encode()
            else:
                b = r.get("body", {})
                payload = (b if isinstance(b, str) else json.dumps(b)).encode("utf-8")
            try:
                self.send_response(r.get("status", 200))
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for k, v in r.get("headers", {}).items():
                    self.send_header(k, str(v))
                self.end_headers()
                if "drop_after" in r:
                    self.wfile.write(payload[:int(r["drop_after"])])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size cap): that is the test

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
