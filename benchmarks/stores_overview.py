#!/usr/bin/env python3
"""The stores overview (GET /api/stores/status, issue #22) on a chain of 5,000 stores and 1,000,000 messages.

Starts the relay's jar on a fresh temporary data directory (the embedded MariaDB, the default) on free loopback ports,
with an admin password of its own, and waits for /health/ready on the management port. Then:

  chain     root `chain`, 50 regions, the stores spread over them, created through POST /api/import in batches of
            at most 500 units: most regions with an SMTP server (smtp.region-N.example:587, START_TLS, a login and a
            password) that their stores inherit, a few stores with a server of their own, and the last regions
            without any, so that their stores are HELD_NO_SERVER
  messages  written directly with SQL (INSERT ... SELECT from MariaDB's SEQUENCE engine, in batches), one recipient
            each, received over the last 29 days (the default retention is 30: the relay's purge, a minute after the
            start, finds nothing to delete), in id order as the listener writes them: mostly DELIVERED, about 1 %
            FAILED, and waiting mail that is recent: queued for a few minutes everywhere, deferred for hours at the
            failing stores (535 5.7.139 Authentication unsuccessful) and a few more (451 4.4.1), held for two days at
            the stores without a server, queued for a send slot at a few rate-limited ones
  summaries store_summaries from the messages (the GROUP BY at the end of V15, plus each store's last outcome, reply and
            failures in a row as the writers would have left them) and store_failed_hours from the FAILED messages

Waiting mail is never picked up during the timing: every QUEUED or HELD message is due in 30 days
(next_attempt_at), and HELD mail is only at stores that have no server, so the relay's minutely check of held mail
(HeldMailCheck) finds none it could release. The messages are written more than HeldMailRelease's 5 s after the last
import, whose settings change released held mail (there was none yet). The script checks afterwards that the waiting
counts did not move and that the relay's log has no release.

It then times the overview over HTTP on loopback: after --warmup requests of each query, --rounds timed requests of
each, the queries interleaved (their order rotated each round); it prints median, p95 and max per query, what the
database holds, how long the fill took, EXPLAIN of the statement that finds the oldest waiting message of a page's
stores (as JdbcStoresOverviewAdapter runs it, with the page's store ids), and the overview's SQL statements timed
alone in the server (SET profiling), so that SQL can be told from the relay's Java and JSON time. It exits non-zero
when a request fails. The relay is stopped and its directory deleted at the end, also after Ctrl-C or a failure.

Needs the jar (build it first: ./mvnw -B -q -DskipTests package) and the mariadb command-line client (Debian:
apt-get install mariadb-client), which logs in as root through the embedded server's socket: the embedded server lets
the operating-system user that runs the relay in as root that way (EmbeddedMariaDb). Run from the repository root:

    python3 benchmarks/stores_overview.py
    python3 benchmarks/stores_overview.py --stores 500 --messages 20000 --rounds 5    # a smoke run
"""
import argparse
import base64
import json
import math
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from relay_benchmark import free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "bootstrap" / "target" / "store-relay.jar"
SCHEMA = "storerelay"                                  # Database.EMBEDDED_SCHEMA
IMPORT_BATCH = 500                                     # units per POST /api/import
FILL_BATCH = 100_000                                   # messages per INSERT ... SELECT
REGIONS = 50
NO_SERVER_REGIONS = 3                                  # the last regions: no server, their stores HELD_NO_SERVER
FAILING_REGION = 7                                     # its server refuses the login: its stores FAILING
SPAN_DAYS = 29                                         # messages received over this many days, up to now
DUE_IN_DAYS = 30                                       # waiting mail is due this far in the future
CITIES = ("Berlin", "Hamburg", "München", "Köln", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig", "Dortmund",
          "Essen", "Bremen", "Dresden", "Hannover", "Nürnberg", "Duisburg", "Bochum", "Wuppertal", "Bielefeld", "Bonn",
          "Münster")
SEARCH = "leipzig"                                     # the q= of the search query: the stores of one city
AUTH_REPLY = ("535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated "
              "successfully. Contact your administrator.")
TEMP_REPLY = "451 4.4.1 Upstream timed out, try again later"
FAILED_REPLY = "550 5.1.1 <{}>: Recipient address rejected: User unknown in virtual mailbox table"
DELIVERED_REPLY = "250 2.0.0 Ok: queued as {}"
# What each store is, by its number n (store-0001 ... store-N): the same rules in Python (the import) and SQL (the
# fill and the summaries), where {n} is the store's number.
OWN_SERVER = "({n} % 100 IN (42, 49))"
REGION = f"(1 + ({{n}} - 1) % {REGIONS})"
HELD_STORE = f"({REGION} > {REGIONS - NO_SERVER_REGIONS} AND NOT {OWN_SERVER})"
FAILING = f"(({REGION} = {FAILING_REGION} AND NOT {OWN_SERVER}) OR {{n}} % 500 = 42)"
DEFERRED = f"({{n}} % 239 = 5 AND NOT {FAILING} AND NOT {HELD_STORE})"
RATE_LIMITED = f"({{n}} % 401 = 9 AND NOT {FAILING} AND NOT {HELD_STORE} AND NOT {DEFERRED})"
# How long (seconds before now) each kind of waiting mail has been waiting at its stores.
HELD_FOR, FAILING_FOR, DEFERRED_FOR, SLOT_FOR, QUEUED_FOR = 2 * 86400, 5 * 3600, 2 * 3600, 1800, 300


def log(text):
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {text}", flush=True)


def region_of(n):
    return 1 + (n - 1) % REGIONS


def own_server(n):
    return n % 100 in (42, 49)


def store_id(n):
    return f"store-{n:04d}"


class Relay:
    """The relay's jar on a data directory of its own, its ports free loopback ports, its admin password made here."""

    def __init__(self, jar, work):
        self.jar = jar
        self.data_dir = work / "data"
        self.log_path = work / "relay.log"
        self.password = secrets.token_urlsafe(18)
        self.smtp_port, self.admin_port, self.management_port = free_port(), free_port(), free_port()
        self.process = None
        token = base64.b64encode(f"admin:{self.password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}"}

    def start(self):
        env = dict(os.environ, STORE_RELAY_DATA_DIR=str(self.data_dir), STORE_RELAY_SMTP_PORT=str(self.smtp_port),
                   STORE_RELAY_ADMIN_PORT=str(self.admin_port), STORE_RELAY_MANAGEMENT_PORT=str(self.management_port),
                   STORE_RELAY_ADMIN_PASSWORD=self.password, STORE_RELAY_HOSTNAME="relay.bench")
        with open(self.log_path, "w") as out:
            # Its own session: a Ctrl-C in the terminal reaches the script, which stops the relay (and the relay its
            # MariaDB) in order.
            self.process = subprocess.Popen(["java", "-jar", str(self.jar)], env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.management_port, timeout=180, process=self.process)
        deadline = time.time() + 180
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.management_port}/health/ready", timeout=5):
                    break
            except (urllib.error.URLError, OSError) as not_yet:
                if self.process.poll() is not None or time.time() > deadline:
                    raise SystemExit(f"the relay is not ready ({not_yet}); its log: {self.log_path}")
                time.sleep(0.3)
        wait_for_port(self.admin_port, timeout=180, process=self.process)

    def request(self, path, body=None, content_type="application/json"):
        """(status, headers, body bytes); raises on a connection failure, returns HTTP errors."""
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(f"http://127.0.0.1:{self.admin_port}{path}", data=body, headers=headers,
                                         method="POST" if body is not None else "GET")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def socket_path(self):
        return self.data_dir / "mariadb-run" / "mariadbd.sock"   # EmbeddedLayout.socket()

    def log_lines(self, pattern):
        if not self.log_path.exists():
            return []
        return [line.rstrip() for line in open(self.log_path, errors="replace") if re.search(pattern, line)]

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                log("the relay did not stop within 90 s; killing it")
                self.process.kill()
                self.process.wait(timeout=30)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)       # its MariaDB, should it have outlived it
        except (ProcessLookupError, PermissionError):
            pass


class Sql:
    """The mariadb client as root through the embedded server's socket, in the relay's schema."""

    def __init__(self, socket_path):
        self.command = ["mariadb", "--no-defaults", f"--socket={socket_path}", "-uroot", "--default-character-set=utf8mb4",
                        SCHEMA]

    def run(self, statements, table=False):
        done = subprocess.run(self.command + (["-t"] if table else ["-N", "-B"]), input=statements, text=True,
                              capture_output=True)
        if done.returncode != 0:
            raise SystemExit(f"mariadb failed: {done.stderr.strip()}\nstatements: {statements[:1000]}")
        return done.stdout

    def rows(self, statement):
        return [line.split("\t") for line in self.run(statement).splitlines()]

    def value(self, statement):
        return self.rows(statement)[0][0]


def sql_rule(rule, n):
    return rule.replace("{n}", n)


def chain_units(stores):
    """The units of the chain in import order (parents first), as POST /api/import takes them."""
    units = [{"id": "chain", "name": "Chain", "parentId": None}]
    for r in range(1, REGIONS + 1):
        unit = {"id": f"region-{r:02d}", "name": f"Region {r:02d}", "parentId": "chain"}
        if r <= REGIONS - NO_SERVER_REGIONS:
            unit["smtp"] = {"serverAddress": f"smtp.region-{r}.example", "port": 587, "secureSocketOptions": "START_TLS",
                            "login": f"relay@region-{r}.example", "password": f"region-{r}-password",
                            "outgoingEmailAddress": f"shop@region-{r}.example"}
        units.append(unit)
    for n in range(1, stores + 1):
        unit = {"id": store_id(n), "name": f"Store {n:04d} {CITIES[n % len(CITIES)]}",
                "parentId": f"region-{region_of(n):02d}"}
        if own_server(n):
            unit["smtp"] = {"serverAddress": f"smtp.store-{n}.example", "port": 465,
                            "secureSocketOptions": "SSL_ON_CONNECT", "login": f"relay@store-{n}.example",
                            "password": f"store-{n}-password", "outgoingEmailAddress": f"shop@store-{n}.example"}
        units.append(unit)
    return units


def create_chain(relay, stores):
    units = chain_units(stores)
    for start in range(0, len(units), IMPORT_BATCH):
        batch = units[start:start + IMPORT_BATCH]
        status, _, body = relay.request("/api/import", json.dumps({"units": batch}).encode())
        if status != 200:
            raise SystemExit(f"POST /api/import of units {start + 1}-{start + len(batch)} answered {status}: "
                             f"{body.decode(errors='replace')[:2000]}")
    return len(units)


def fill_messages(sql, stores, messages, now):
    """The messages and their recipients, FILL_BATCH per statement; `now` is the fill's 'now' (UTC)."""
    t0 = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    span_us = SPAN_DAYS * 86400 * 10**6
    due = f"'{t0}' + INTERVAL {DUE_IN_DAYS} DAY"
    n = "x.n"
    kind = (f"CASE WHEN {sql_rule(HELD_STORE, n)} AND x.age < {HELD_FOR} THEN 'HELD'"
            f" WHEN {sql_rule(FAILING, n)} AND x.age < {FAILING_FOR} THEN 'AUTH'"
            f" WHEN {sql_rule(DEFERRED, n)} AND x.age < {DEFERRED_FOR} THEN 'TEMP'"
            f" WHEN {sql_rule(RATE_LIMITED, n)} AND x.age < {SLOT_FOR} THEN 'SLOT'"
            f" WHEN x.age < {QUEUED_FOR} THEN 'NEW'"
            f" WHEN x.s % 89 = 0 THEN 'FAILED' ELSE 'DELIVERED' END")
    # x: the message number s, its store's number n, its received_at and its age in seconds; y adds its kind
    source = (f"(SELECT x.*, {kind} AS kind FROM (SELECT seq AS s, 1 + (seq * 7919) % {stores} AS n, "
              f"'{t0}' - INTERVAL (({messages} - seq) * {span_us} DIV {messages}) MICROSECOND AS received_at, "
              f"({messages} - seq) * {SPAN_DAYS * 86400} DIV {messages} AS age "
              f"FROM seq_{{first}}_to_{{last}}) x) y")
    attempted = ("CASE y.kind WHEN 'DELIVERED' THEN y.received_at + INTERVAL 2 SECOND "
                 "WHEN 'FAILED' THEN y.received_at + INTERVAL 3 SECOND "
                 f"WHEN 'AUTH' THEN '{t0}' - INTERVAL (y.s % 900) SECOND "
                 f"WHEN 'TEMP' THEN '{t0}' - INTERVAL (y.s % 600) SECOND END")
    insert_messages = (
        "INSERT INTO messages (id, store_id, routing_reason, routing_explanation, envelope_sender, client_name, "
        "client_address, received_at, size, content, status, held, next_attempt_at, attempts, last_attempt_at, "
        "last_error, send_slot_at, message_id_header, subject, sent_as, submission_token) "
        "SELECT y.s, CONCAT('store-', LPAD(y.n, 4, '0')), 'SENDER_PATTERN', "
        "CONCAT('the envelope sender erp-', LPAD(y.n, 4, '0'), '@legacy.example matches erp-', LPAD(y.n, 4, '0'), "
        "'@legacy.example'), CONCAT('erp-', LPAD(y.n, 4, '0'), '@legacy.example'), 'erp.legacy.example', "
        "CONCAT('10.', y.n DIV 250, '.', y.n % 250, '.10'), y.received_at, 1800 + y.s % 4096, "
        "CONCAT('From: erp-', LPAD(y.n, 4, '0'), '@legacy.example\\r\\nTo: customer-', y.s, '@example.com\\r\\n"
        "Subject: Order confirmation ', y.s, '\\r\\nMessage-ID: <', y.s, '.bench@legacy.example>\\r\\n\\r\\n"
        "Thank you for your order.\\r\\n'), "
        "CASE y.kind WHEN 'DELIVERED' THEN 'DELIVERED' WHEN 'FAILED' THEN 'FAILED' WHEN 'HELD' THEN 'HELD' "
        "ELSE 'QUEUED' END, y.kind = 'HELD', "
        f"IF(y.kind IN ('DELIVERED', 'FAILED'), NULL, {due}), "
        "CASE y.kind WHEN 'AUTH' THEN 1 + y.s % 4 WHEN 'TEMP' THEN 1 + y.s % 2 "
        "WHEN 'DELIVERED' THEN 1 WHEN 'FAILED' THEN 1 ELSE 0 END, "
        f"{attempted}, "
        f"CASE y.kind WHEN 'AUTH' THEN '{AUTH_REPLY}' WHEN 'TEMP' THEN '{TEMP_REPLY}' "
        "WHEN 'FAILED' THEN CONCAT('550 5.1.1 <customer-', y.s, '@example.com>: Recipient address rejected: "
        "User unknown in virtual mailbox table') END, "
        f"IF(y.kind = 'SLOT', {due}, NULL), "
        "CONCAT('<', y.s, '.bench@legacy.example>'), CONCAT('Order confirmation ', y.s), "
        "IF(y.kind IN ('DELIVERED', 'FAILED'), CONCAT('shop@region-', 1 + (y.n - 1) % 50, '.example'), NULL), "
        f"UNHEX(MD5(y.s)) FROM {source}")
    insert_recipients = (
        "INSERT INTO message_recipients (message_id, seq, address, status, last_reply, updated_at) "
        "SELECT y.s, 0, CONCAT('customer-', y.s, '@example.com'), "
        "CASE y.kind WHEN 'DELIVERED' THEN 'DELIVERED' WHEN 'FAILED' THEN 'FAILED' ELSE 'PENDING' END, "
        "CASE y.kind WHEN 'DELIVERED' THEN CONCAT('250 2.0.0 Ok: queued as ', HEX(y.s)) "
        f"WHEN 'AUTH' THEN '{AUTH_REPLY}' WHEN 'TEMP' THEN '{TEMP_REPLY}' "
        "WHEN 'FAILED' THEN CONCAT('550 5.1.1 <customer-', y.s, '@example.com>: Recipient address rejected: "
        "User unknown in virtual mailbox table') END, "
        f"COALESCE({attempted}, y.received_at) FROM {source}")
    for first in range(1, messages + 1, FILL_BATCH):
        last = min(first + FILL_BATCH - 1, messages)
        sql.run(insert_messages.format(first=first, last=last) + ";\n"
                + insert_recipients.format(first=first, last=last) + ";\n")
        log(f"  messages {first:,}-{last:,} written")


def fill_summaries(sql, now):
    """store_summaries and store_failed_hours as the relay's writers would have left them."""
    t0 = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    n = "CAST(SUBSTRING(store_id, 7) AS UNSIGNED)"
    # a store's waiting mail, or (a small fill may give a store none) a default
    waiting = ("COALESCE((SELECT {} FROM messages m WHERE m.store_id = store_summaries.store_id "
               "AND m.status = '{}'), {})")
    sql.run(
        # The counts as V15 computes them, the last outcome a delivery after the store's last failed message
        "INSERT INTO store_summaries (store_id, queued, deferred, held, last_outcome, last_outcome_at, "
        "last_outcome_since, last_reply) "
        "SELECT store_id, SUM(status = 'QUEUED' AND attempts = 0), SUM(status = 'QUEUED' AND attempts > 0), "
        "SUM(status = 'HELD'), 'DELIVERED', MAX(IF(status = 'DELIVERED', last_attempt_at, NULL)), "
        "COALESCE(MAX(IF(status = 'FAILED', last_attempt_at, NULL)), MIN(last_attempt_at)) + INTERVAL 1 SECOND, "
        "CONCAT('250 2.0.0 Ok: queued as ', HEX(MAX(IF(status = 'DELIVERED', id, NULL)))) "
        "FROM messages GROUP BY store_id;\n"
        # The failing stores: the upstream refuses the login since FAILING_FOR; every attempt since failed
        f"UPDATE store_summaries SET last_outcome = 'DEFERRED', "
        f"last_outcome_at = {waiting.format('MAX(m.last_attempt_at)', 'QUEUED', repr(t0))}, "
        f"last_outcome_since = '{t0}' - INTERVAL {FAILING_FOR} SECOND, "
        f"failures_in_a_row = {waiting.format('SUM(m.attempts)', 'QUEUED', 3)}, "
        f"failing_since = '{t0}' - INTERVAL {FAILING_FOR} SECOND, last_reply = '{AUTH_REPLY}' "
        f"WHERE {sql_rule(FAILING, n)};\n"
        # A temporary failure at a few stores: one in a row, between deliveries of newer mail
        f"UPDATE store_summaries SET last_outcome = 'DEFERRED', last_outcome_at = '{t0}' - INTERVAL 200 SECOND, "
        f"last_outcome_since = '{t0}' - INTERVAL 200 SECOND, failures_in_a_row = 1, "
        f"failing_since = '{t0}' - INTERVAL 200 SECOND, last_reply = '{TEMP_REPLY}' "
        f"WHERE {sql_rule(DEFERRED, n)};\n"
        # No server: every message since HELD_FOR was held (holds are not real attempts: the reply stays)
        f"UPDATE store_summaries SET last_outcome = 'HELD', "
        f"last_outcome_at = {waiting.format('MAX(m.received_at)', 'HELD', repr(t0))}, "
        f"last_outcome_since = '{t0}' - INTERVAL {HELD_FOR} SECOND WHERE {sql_rule(HELD_STORE, n)};\n"
        f"UPDATE store_summaries SET last_outcome = 'RATE_LIMITED', last_outcome_at = '{t0}' - INTERVAL 10 SECOND, "
        f"last_outcome_since = '{t0}' - INTERVAL {SLOT_FOR} SECOND WHERE {sql_rule(RATE_LIMITED, n)};\n"
        # Failures per store and hour, for the whole retained log as the writers keep them
        "INSERT INTO store_failed_hours (store_id, hour, failed) "
        "SELECT store_id, DATE_FORMAT(last_attempt_at, '%Y-%m-%d %H:00:00'), COUNT(*) FROM messages "
        "WHERE status = 'FAILED' GROUP BY store_id, DATE_FORMAT(last_attempt_at, '%Y-%m-%d %H:00:00');\n"
        "ANALYZE TABLE messages, message_recipients, store_summaries, store_failed_hours, units, unit_settings;\n")


def census(sql):
    """What the database holds: stores, messages, waiting messages by kind, failures in the last 24 h."""
    rows = sql.rows(
        "SELECT (SELECT COUNT(*) FROM units u WHERE NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)), "
        "(SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) FROM message_recipients), "
        "(SELECT COUNT(*) FROM messages WHERE status = 'QUEUED' AND attempts = 0), "
        "(SELECT COUNT(*) FROM messages WHERE status = 'QUEUED' AND attempts > 0), "
        "(SELECT COUNT(*) FROM messages WHERE status = 'HELD'), "
        "(SELECT COUNT(*) FROM messages WHERE status = 'FAILED'), "
        "(SELECT SUM(failed) FROM store_failed_hours WHERE hour >= UTC_TIMESTAMP() - INTERVAL 24 HOUR), "
        "(SELECT COUNT(*) FROM store_summaries), (SELECT COUNT(*) FROM store_failed_hours), VERSION(), "
        "@@innodb_buffer_pool_size DIV 1048576")
    keys = ("stores", "units", "messages", "recipients", "queued", "deferred", "held", "failed", "failed24h",
            "summaries", "failed_hours", "version", "buffer_pool_mib")
    values = dict(zip(keys, rows[0]))
    return {k: (v if k == "version" else int(v if v != "NULL" else 0)) for k, v in values.items()}


def percentile(values, fraction):
    """The nearest-rank percentile: of 30 values, p95 is the 29th smallest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(relay, queries, warmup, rounds):
    """Per query: the times in ms of its timed requests, its X-Total-Count and the size of its answer."""
    failures = []

    def one(query):
        start = time.perf_counter()
        status, headers, body = relay.request(f"/api/stores/status?{query}")
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            failures.append(f"{query}: {status} {body.decode(errors='replace')[:300]}")
        return elapsed, headers.get("X-Total-Count"), len(body)

    for _ in range(warmup):
        for _, query in queries:
            one(query)
    if failures:
        raise SystemExit("the overview failed during the warm-up:\n  " + "\n  ".join(failures[:10]))
    results = {label: {"ms": [], "total": None, "bytes": None} for label, _ in queries}
    for number in range(rounds):
        shift = number % len(queries)
        for label, query in queries[shift:] + queries[:shift]:
            elapsed, total, size = one(query)
            results[label]["ms"].append(elapsed)
            results[label]["total"], results[label]["bytes"] = total, size
    return results, failures


def overview_sql(sql, stores_on_page, failed_since):
    """The overview's statements as the relay runs them (JdbcOrgUnitAdapter, JdbcStoresOverviewAdapter), with the
    ids of the stores of a page that have waiting mail, and the first ids the MIN query finds for them."""
    ids = sorted(stores_on_page)
    quoted = ", ".join(f"'{i}'" for i in ids)
    oldest = (f"SELECT MIN(id) FROM messages WHERE status = 'QUEUED' AND store_id IN ({quoted}) GROUP BY store_id "
              f"UNION ALL SELECT MIN(id) FROM messages WHERE status = 'HELD' AND store_id IN ({quoted}) "
              "GROUP BY store_id")
    firsts = [row[0] for row in sql.rows(oldest)] if ids else []
    received = f"SELECT store_id, received_at FROM messages WHERE id IN ({', '.join(firsts) or 'NULL'})"
    return [("units", "SELECT id, name, parent_id FROM units"),
            ("own servers", "SELECT unit_id, server_address, port, secure_socket_options, login, oauth2_provider "
                            "FROM unit_settings WHERE server_address IS NOT NULL"),
            ("store_summaries", "SELECT * FROM store_summaries"),
            ("store_failed_hours", "SELECT store_id, SUM(failed) FROM store_failed_hours WHERE hour >= "
                                   f"'{failed_since}' GROUP BY store_id"),
            (f"oldest waiting: MIN(id), {len(ids)} stores", oldest),
            (f"oldest waiting: received_at, {len(firsts)} ids", received)]


def time_sql(sql, statements, repeat=9):
    """Each statement `repeat` times in one session, its server time (SHOW PROFILES) in ms: the median."""
    marker = "-- profiles follow --"
    script = ["SET profiling_history_size = 100", "SET profiling = 1"]
    for _, statement in statements:
        script.extend([statement] * repeat)
    script.extend([f"SELECT '{marker}'", "SHOW PROFILES"])
    output = sql.run(";\n".join(script) + ";\n")
    profiles = output.split(marker, 1)[1].strip().splitlines()
    durations = [float(line.split("\t")[1]) * 1000 for line in profiles]
    durations = durations[-len(statements) * repeat:]
    return [(label, statistics.median(durations[i * repeat:(i + 1) * repeat]))
            for i, (label, _) in enumerate(statements)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jar", type=Path, default=JAR,
                        help=f"the relay's jar ({JAR.relative_to(ROOT)}; build it first: ./mvnw -B -q -DskipTests "
                             "package)")
    parser.add_argument("--stores", type=int, default=5000, help="stores (leaf units) of the chain (5000)")
    parser.add_argument("--messages", type=int, default=1_000_000, help="messages in the database (1000000)")
    parser.add_argument("--rounds", type=int, default=30, help="timed requests per query (30)")
    parser.add_argument("--warmup", type=int, default=30, help="untimed requests per query before the timing (30)")
    args = parser.parse_args()
    if not 1 <= args.stores <= 9999:
        raise SystemExit("--stores: 1 to 9999 (store ids are store-0001 ... store-9999)")
    if args.messages < 1 or args.rounds < 1 or args.warmup < 0:
        raise SystemExit("--messages and --rounds: at least 1; --warmup: at least 0")
    jar = args.jar if args.jar.is_absolute() else Path.cwd() / args.jar
    if not jar.is_file():
        raise SystemExit(f"no jar {jar}: build it first with ./mvnw -B -q -DskipTests package")
    if not shutil.which("mariadb"):
        raise SystemExit("the mariadb client is missing: apt-get install mariadb-client")
    # SIGTERM (a CI's timeout, kill) ends the script like Ctrl-C does: through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work = Path(tempfile.mkdtemp(prefix="store-relay-stores-"))
    relay = Relay(jar, work)
    try:
        log(f"starting the relay ({jar.name}) on {work}")
        started = time.perf_counter()
        relay.start()
        log(f"ready after {time.perf_counter() - started:.1f} s (admin port {relay.admin_port})")
        sql = Sql(relay.socket_path())
        sql.value("SELECT 1")

        fill_started = time.perf_counter()
        units = create_chain(relay, args.stores)
        chain_seconds = time.perf_counter() - fill_started
        log(f"chain: {units:,} units imported in {chain_seconds:.1f} s")
        # HeldMailRelease releases held mail again 5 s after a settings change: the held messages come after that.
        time.sleep(max(0.0, 6 - (time.perf_counter() - fill_started - chain_seconds)))
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        messages_started = time.perf_counter()
        fill_messages(sql, args.stores, args.messages, now)
        messages_seconds = time.perf_counter() - messages_started
        summaries_started = time.perf_counter()
        fill_summaries(sql, now)
        summaries_seconds = time.perf_counter() - summaries_started
        facts = census(sql)
        log(f"filled: messages {messages_seconds:.1f} s, summaries and ANALYZE {summaries_seconds:.1f} s")

        # A page's stores for EXPLAIN and the SQL alone: the default page's (sort=status, 50), and every store
        queries = [("limit=50 (default sort)", "limit=50"),
                   ("problems=true&limit=50", "problems=true&limit=50"),
                   (f"q={SEARCH}&limit=50", f"q={SEARCH}&limit=50"),
                   ("sort=failed24h&limit=50&offset=2500", "sort=failed24h&limit=50&offset=2500"),
                   ("limit=5000 (whole chain)", "limit=5000")]
        status, _, body = relay.request("/api/stores/status?limit=5000")
        if status != 200:
            raise SystemExit(f"GET /api/stores/status?limit=5000 answered {status}: {body[:500]!r}")
        everything = json.loads(body)
        by_status = {}
        for store in everything:
            by_status[store["status"]] = by_status.get(store["status"], 0) + 1
        status, _, body = relay.request("/api/stores/status?limit=50")
        first_page = json.loads(body)

        def waiting(page):
            return [s["unitId"] for s in page if sum(s["counts"][k] for k in ("queued", "deferred", "held")) > 0]

        log(f"timing: {args.warmup} warm-up and {args.rounds} timed requests per query, interleaved")
        timing_started, load_before = datetime.now(timezone.utc), os.getloadavg()[0]
        results, failures = measure(relay, queries, args.warmup, args.rounds)
        timing_ended = datetime.now(timezone.utc)

        after = census(sql)
        moved = {k: (facts[k], after[k]) for k in ("queued", "deferred", "held", "messages") if facts[k] != after[k]}
        releases = relay.log_lines(r"Released \d+ held message|released? held")
        troubles = relay.log_lines(r" (WARN|ERROR) ")

        failed_since = (datetime.now(timezone.utc) - timedelta(hours=24)).strftime("%Y-%m-%d %H:00:00")
        page_sql = overview_sql(sql, waiting(first_page), failed_since)
        chain_sql = overview_sql(sql, waiting(everything), failed_since)
        explain = sql.run("EXPLAIN " + page_sql[4][1] + ";\nEXPLAIN " + page_sql[5][1] + ";\n", table=True)
        page_times = time_sql(sql, page_sql)
        chain_times = time_sql(sql, chain_sql[4:])

        print()
        print(f"stores overview benchmark, {datetime.now().isoformat(timespec='seconds')}, {os.cpu_count()} cores, "
              f"load average {load_before:.2f} before the timing, {os.getloadavg()[0]:.2f} after; MariaDB {facts['version']} (embedded), "
              f"buffer pool {facts['buffer_pool_mib']} MiB")
        print(f"database: {facts['stores']:,} stores ({facts['units']:,} units), {facts['messages']:,} messages "
              f"({facts['recipients']:,} recipients), waiting {facts['queued'] + facts['deferred'] + facts['held']:,} "
              f"(queued {facts['queued']:,}, deferred {facts['deferred']:,}, held {facts['held']:,}), failed "
              f"{facts['failed']:,} ({facts['failed24h']:,} in the last 24 h); store_summaries "
              f"{facts['summaries']:,} rows, store_failed_hours {facts['failed_hours']:,}")
        print("stores by status: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_status.items())))
        print(f"fill: chain {chain_seconds:.1f} s ({units:,} units, {-(-units // IMPORT_BATCH)} imports), messages "
              f"{messages_seconds:.1f} s, summaries and ANALYZE {summaries_seconds:.1f} s")
        print(f"timing {timing_started:%H:%M:%S}-{timing_ended:%H:%M:%S} UTC: {args.warmup} warm-up + "
              f"{args.rounds} timed requests per query, over HTTP on loopback")
        print()
        print(f"| query | stores matched | answer | median ms | p95 ms | max ms |")
        print(f"| --- | --- | --- | --- | --- | --- |")
        for label, _ in queries:
            r = results[label]
            ms = r["ms"]
            print(f"| `{label}` | {int(r['total'] or 0):,} | {r['bytes'] / 1024:.0f} KiB | {statistics.median(ms):.1f} "
                  f"| {percentile(ms, 0.95):.1f} | {max(ms):.1f} |")
        print()
        print("the overview's statements alone in the server (median of 9, SHOW PROFILES, ms):")
        for label, ms in page_times[:4]:
            print(f"  {label:55} {ms:8.2f}")
        for label, ms in page_times[4:]:
            print(f"  {label + ' (default page)':55} {ms:8.2f}")
        for label, ms in chain_times:
            print(f"  {label + ' (whole chain)':55} {ms:8.2f}")
        print()
        print(f"EXPLAIN of the oldest-waiting statements for the default page's {len(waiting(first_page))} stores "
              "with waiting mail:")
        print(f"  {page_sql[4][1][:160]}...")
        print(explain.rstrip())
        print()
        if moved:
            print(f"the waiting mail moved during the run (before, after): {moved}")
        print(f"relay log: {len(releases)} release(s) of held mail, {len(troubles)} warning(s) and error(s)")
        for line in (releases + troubles)[:10]:
            print(f"  {line[:300]}")
        target = all(statistics.median(results[label]["ms"]) < 200 for label, _ in queries[:4])
        print(f"target (median under 200 ms for the 50-row pages): {'met' if target else 'MISSED'}")
        if failures:
            print(f"{len(failures)} request(s) failed:")
            for failure in failures[:10]:
                print(f"  {failure}")
            return 1
        return 0
    finally:
        relay.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
