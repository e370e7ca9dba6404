#!/usr/bin/env python3
"""Open a page in headless Chromium and print what its `window.c2vProbe`
promise resolves to.

Why not `chromium --dump-dom`: it dumps at the page's load event, and a
<video> lets the load event go as soon as *a* frame is decoded, which under
load is the frame at 0 s rather than the one a seek asked for. Here the page
decides when it is done: the promise resolves after its own `seeked` event.

Chromium is driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ending in NUL on fds 3 and 4), so no
extra package or network port is needed.

usage: chromium_probe.py PAGE.html PROFILE_DIR [TIMEOUT_S]
exit 0 with the answer on stdout; 1 with the reason on stderr."""
import fcntl
import json
import os
import select
import subprocess
import sys
import time


class Browser:
    def __init__(self, profile, deadline):
        self.deadline = deadline
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()
        # Chromium reads commands on fd 3 and writes answers on fd 4. The
        # child's ends are first moved above 10 so that putting them on 3 and
        # 4 cannot overwrite one with the other; subprocess closes every fd
        # not in pass_fds after preexec_fn, hence 3 and 4 there.
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def wire():
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--user-data-dir=" + profile, "--allow-file-access-from-files",
             "--disable-web-security", "--autoplay-policy=no-user-gesture-required",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=wire)
        os.close(child_r)
        os.close(child_w)
        self.buf = b""
        self.next_id = 0

    def _read_message(self):
        while b"\0" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise EOFError("chromium closed its DevTools pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            answer = self._read_message()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError("%s: %s" % (method, answer["error"].get("message")))
                return answer.get("result", {})

    def wait_event(self, method, session):
        while True:
            msg = self._read_message()
            if msg.get("method") == method and msg.get("sessionId") == session:
                return msg.get("params", {})

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def probe(page, profile, timeout):
    browser = Browser(profile, time.monotonic() + timeout)
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget",
                               {"targetId": target, "flatten": True})["sessionId"]
        browser.call("Page.enable", session=session)
        browser.call("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=session)
        browser.wait_event("Page.loadEventFired", session)
        result = browser.call("Runtime.evaluate",
                              {"expression": "window.c2vProbe", "awaitPromise": True,
                               "returnByValue": True}, session=session)
        if "exceptionDetails" in result:
            raise RuntimeError("the page threw: %s" % result["exceptionDetails"].get("text"))
        return str(result["result"].get("value"))
    finally:
        browser.close()


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 1
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    try:
        print(probe(sys.argv[1], sys.argv[2], timeout))
    except (OSError, RuntimeError, TimeoutError, EOFError, KeyError, ValueError) as e:
        sys.stderr.write("chromium_probe: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
