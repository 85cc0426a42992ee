#!/usr/bin/python3
"""Drive a headless Chromium over the DevTools protocol, one step a call.

Used by tests/e2e/test_status_page.sh. Needs Debian's python3-websocket
(and chromium, started by the test with --remote-debugging-port). Each
call attaches to the browser's first page target, does one step and
detaches; the browser keeps the page (and cached Basic auth) between
calls.

usage: cdp.py PORT load URL           navigate, wait for the load event;
                                      exit 3 if the page opened a dialog
       cdp.py PORT eval JS            print the JSON value of an expression
       cdp.py PORT click SELECTOR     a real mouse click on the element's
                                      centre, then wait for the next load
       cdp.py PORT tap SELECTOR       the same click, without waiting
       cdp.py PORT screenshot FILE    PNG of the whole page
Exit: 0 ok, 1 failure (message on stderr), 2 usage, 3 a dialog opened.
"""

import base64
import json
import sys
import time
import urllib.request

import websocket

TIMEOUT = 20


class Page:
    def __init__(self, port):
        with urllib.request.urlopen(
                "http://127.0.0.1:%d/json/list" % port, timeout=5) as r:
            targets = json.load(r)
        pages = [t for t in targets if t.get("type") == "page"]
        if not pages:
            raise RuntimeError("no page target in the browser")
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=TIMEOUT,
            suppress_origin=True)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method,
                                 "params": params}))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.on_event(msg)
        raise RuntimeError("%s: no answer in %d s" % (method, TIMEOUT))

    def on_event(self, msg):
        self.events.append(msg)
        if msg["method"] == "Page.javascriptDialogOpening":
            # never leave a dialog blocking the page
            self.ws.send(json.dumps({"id": 0,
                                     "method": "Page.handleJavaScriptDialog",
                                     "params": {"accept": False}}))

    def wait_event(self, name, seconds=TIMEOUT):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for i, e in enumerate(self.events):
                if e["method"] == name:
                    del self.events[i]
                    return e
            self.ws.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                msg = json.loads(self.ws.recv())
            except websocket.WebSocketTimeoutException:
                break
            finally:
                self.ws.settimeout(TIMEOUT)
            if "method" in msg:
                self.on_event(msg)
        return None

    def dialogs(self):
        return [e for e in self.events
                if e["method"] == "Page.javascriptDialogOpening"]

    def evaluate(self, expr):
        r = self.call("Runtime.evaluate", expression=expr,
                      returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("exception in %s: %s" %
                               (expr, r["exceptionDetails"].get("text")))
        return r["result"].get("value")


def settle(page):
    """Let scripts of the loaded page run; collect dialogs they open."""
    page.wait_event("Page.javascriptDialogOpening", 0.5)
    if page.dialogs():
        for d in page.dialogs():
            print("dialog opened: %s" % d["params"].get("message"),
                  file=sys.stderr)
        return 3
    return 0


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    port, step, arg = int(argv[1]), argv[2], argv[3]
    page = Page(port)
    page.call("Page.enable")
    page.call("Runtime.enable")
    if step == "load":
        page.call("Page.navigate", url=arg)
        if not page.wait_event("Page.loadEventFired"):
            raise RuntimeError("page did not load: %s" % arg)
        return settle(page)
    if step == "eval":
        print(json.dumps(page.evaluate(arg), ensure_ascii=False))
        return 0
    if step in ("click", "tap"):
        box = page.evaluate(
            "(function(){var e=document.querySelector(%s);if(!e)return null;"
            "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
            "return [r.left+r.width/2,r.top+r.height/2];})()" % json.dumps(arg))
        if not box:
            raise RuntimeError("no element %s" % arg)
        for kind in ("mousePressed", "mouseReleased"):
            page.call("Input.dispatchMouseEvent", type=kind, x=box[0],
                      y=box[1], button="left", clickCount=1)
        if step == "tap":
            return 0
        if not page.wait_event("Page.loadEventFired"):
            raise RuntimeError("no page loaded after the click on %s" % arg)
        return settle(page)
    if step == "screenshot":
        shot = page.call("Page.captureScreenshot", format="png",
                         captureBeyondViewport=True)
        with open(arg, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (RuntimeError, OSError, websocket.WebSocketException) as e:
        print("cdp.py: %s" % e, file=sys.stderr)
        sys.exit(1)
