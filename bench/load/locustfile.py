"""20 analysts on one map: map pages, tree partials (htmx), edits and exports, and now and
then the picture of a large map, which a background job draws while they watch its progress.

Run by bench/load/run.py (``make load``); it passes LOAD_PLAN (written by ``app.py seed``) and
LOAD_EDITS, where every edit attempt is logged as one JSON line with ``ack`` true when the
server acknowledged it (2xx/3xx), so the database can be compared with it afterwards.
"""

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PLAN"]) as _stream:
    PLAN = json.load(_stream)
URLS = PLAN["urls"]
ACCOUNTS = itertools.cycle(PLAN["users"])
EDIT_LOG = open(os.environ["LOAD_EDITS"], "a", buffering=1)  # noqa: SIM115 (whole run)
VERSION_FIELD = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
JOB_DOWNLOAD = re.compile(r'href="(/jobs/[0-9a-f-]+/download/)"')
JOB_WAIT_SECONDS = 120


@events.quitting.add_listener
def _close_log(environment, **kwargs):
    EDIT_LOG.close()


class Analyst(HttpUser):
    wait_time = between(0.1, 0.5)

    def on_start(self):
        self.account = next(ACCOUNTS)
        self.sequence = itertools.count()
        self._log_in()

    def _log_in(self):
        page = self.client.get(URLS["login"], name="login form")
        token = CSRF_FIELD.search(page.text)
        self.client.post(
            URLS["login"],
            {
                "username": self.account["username"],
                "password": self.account["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.host + URLS["login"]},
            name="login",
        )

    def _map_url(self, key: str, node: int | None = None) -> str:
        return URLS[key].format(map=PLAN["map"], node=node)

    @task(4)
    def map_page(self):
        self.client.get(self._map_url("map"), name="map page")

    @task(3)
    def tree_partial(self):
        if URLS["subtree"]:
            node = random.choice(PLAN["subtree_nodes"])
            url, name = self._map_url("subtree", node), "tree partial (htmx)"
        else:
            url, name = self._map_url("map"), "map page (htmx)"
        self.client.get(url, headers={"HX-Request": "true"}, name=name)

    @task(2)
    def edit(self):
        if not URLS["edit"]:
            return
        node = random.choice(self.account["edit_nodes"])
        url = self._map_url("edit", node)
        form = self.client.get(url, headers={"HX-Request": "true"}, name="edit form")
        version = VERSION_FIELD.search(form.text or "")
        if form.status_code != 200 or not version:
            return
        seq = next(self.sequence)
        text = f"{self.account['username']} edit {seq} of node {node} at {time.time():.3f}"
        started = time.time()
        with self.client.post(
            url,
            {"text": text, "version": version.group(1) or version.group(2)},
            headers={
                "HX-Request": "true",
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "Referer": self.host + url,
            },
            name="edit save",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            status = response.status_code or 0
            if status == 409:
                response.success()  # someone else's save won: refused, not lost
        EDIT_LOG.write(
            json.dumps(
                {
                    "user": self.account["username"],
                    "node": node,
                    "seq": seq,
                    "text": text,
                    "status": status,
                    "ack": 200 <= status < 400,
                    "started": started,
                    "ended": time.time(),
                }
            )
            + "\n"
        )

    @task(1)
    def export(self):
        if URLS["exports"]:
            url = random.choice(URLS["exports"]).format(map=PLAN["map"])
            self.client.get(url, name="export " + url.rstrip("/").rsplit("/", 1)[-1])

    @task(1)
    def large_picture(self):
        """Ask for the large map's picture, follow the job page's htmx poll (every second,
        as the page does) until the download appears, then download it. The whole wait is
        reported as "large map picture: asked to file"."""
        if not (URLS.get("picture") and PLAN.get("picture_map")):
            return
        asked = time.time()
        url = URLS["picture"].format(map=PLAN["picture_map"])
        start = self.client.get(url, allow_redirects=False, name="large map picture (start job)")
        job_page = start.headers.get("Location", "")
        if start.status_code != 302 or not job_page.startswith("/jobs/"):
            return
        link = None
        while link is None and time.time() - asked < JOB_WAIT_SECONDS:
            poll = self.client.get(
                job_page, headers={"HX-Request": "true"}, name="job progress (htmx poll)"
            )
            link = JOB_DOWNLOAD.search(poll.text or "")
            if link is None:
                if "Failed" in (poll.text or ""):
                    break
                time.sleep(1)
        error = None if link else RuntimeError("the picture job did not finish")
        size = 0
        if link:
            size = len(self.client.get(link.group(1), name="job download (picture)").content)
        events.request.fire(
            request_type="JOB",
            name="large map picture: asked to file",
            response_time=(time.time() - asked) * 1000,
            response_length=size,
            exception=error,
            context={},
        )
