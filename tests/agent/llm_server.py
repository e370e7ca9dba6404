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
A response may give the model's answer instead of a body:
"reply": "text" (or "reply_file": PATH, relative to DIR) with
"usage": [prompt_tokens, completion_tokens]; the server wraps it in the wire
format the request's path names (.../chat/completions: OpenAI,
.../v1/messages: Anthropic, ...:generateContent: Gemini). A scenario may also
have "rules": [{"contains": "text", "responses": [...], "repeat_last": true}]:
a request whose body contains a rule's text (or every text of a list; first matching rule wins) is
answered from that rule's own queue, the others from "responses". The
pipeline tests key replies to the section or topic a prompt is about, since
its calls run in parallel and in no fixed order. GET requests are answered the same way (icon downloads), and
"content_type" sets the Content-Type (default application/json). When the
script runs out the last response repeats (or 599 when
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


def watch_parent(server):
    """Stops the server when the test that started it is gone (a crash or
    an abort skips its cleanup), so no orphan keeps ctest's pipe open."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        server.shutdown()
    threading.Thread(target=watch, daemon=True).start()


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
            rules = [{"contains": r.get("contains", ""), "responses": r.get("responses", []),
                      "repeat_last": r.get("repeat_last", True), "next": 0} for r in script.get("rules", [])]
            scenarios[name] = {"responses": script.get("responses", []),
                               "repeat_last": script.get("repeat_last", True), "next": 0, "rules": rules}
        return scenarios[name]

    def wrap_reply(r, path):
        """The model's answer in the wire format of the endpoint asked."""
        if "reply_file" in r:
            with open(os.path.join(args.scripts, r["reply_file"]), encoding="utf-8") as f:
                text = f.read()
        else:
            text = r["reply"]
        pt, ct = (r.get("usage") or [0, 0])[:2]
        if path.endswith("/messages"):
            return {"id": "msg_test", "type": "message", "role": "assistant", "model": "test",
                    "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                    "usage": {"input_tokens": pt, "output_tokens": ct}}
        if ":generateContent" in path:
            return {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                                    "finishReason": "STOP"}],
                    "usageMetadata": {"promptTokenCount": pt, "candidatesTokenCount": ct,
                                      "totalTokenCount": pt + ct}}
        return {"id": "chatcmpl-test", "object": "chat.completion", "model": "test",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct}}
    log = open(args.log, "a", encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt, *a):
            pass

        def do_POST(self):
            self.serve("POST")

        def do_GET(self):
            self.serve("GET")

        def serve(self, method):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            parts = self.path.split("/", 3)  # "", "s", NAME, rest
            name = parts[2] if len(parts) > 2 and parts[1] == "s" else ""
            path = "/" + parts[3] if len(parts) > 3 else "/"
            with lock:
                entry = {"scenario": name, "method": method, "path": path, "headers": dict(self.headers.items()),
                         "body": body, "time": time.time()}
                log.write(json.dumps(entry) + "\n")
                log.flush()
                state = scenario(name)
                for rule in state["rules"]:
                    want = rule["contains"] if isinstance(rule["contains"], list) else [rule["contains"]]
                    if want and all(w and w in body for w in want):
                        state = rule
                        break
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
            if "reply" in r or "reply_file" in r:
                try:
                    payload = json.dumps(wrap_reply(r, path)).encode("utf-8")
                    with lock:
                        # What usage this reply reported, so tests can sum it (not a "scenario" line: request counts stay as they were).
                        log.write(json.dumps({"usage_for": name, "usage_reported": (r.get("usage") or [0, 0])[:2],
                                              "time": time.time()}) + "\n")
                        log.flush()
                except (OSError, ValueError) as e:
                    r = {"status": 598}
                    payload = json.dumps({"error": {"message": "bad reply: %s" % e}}).encode()
            elif r.get("big_body"):
                payload = ('{"pad":"' + "x" * int(r["big_body"]) + '"}').encode()
            else:
                b = r.get("body", {})
                payload = (b if isinstance(b, str) else json.dumps(b)).encode("utf-8")
            try:
                self.send_response(r.get("status", 200))
                self.send_header("Content-Type", r.get("content_type", "application/json"))
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
    watch_parent(server)
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
