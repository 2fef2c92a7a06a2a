#!/usr/bin/env python3
"""End-to-end benchmark of store-relay against a baseline measured in the same run.

Load comes from Postfix's smtp-source and the upstream is Postfix's smtp-sink (Debian package `postfix`; the script
installs it when it runs as root and the tools are missing). For each concurrency it measures:

  direct    smtp-source -> smtp-sink                      (the limit of this machine, measured now: best of 3)
  relay     smtp-source -> store-relay -> smtp-sink       (accepted msgs/s at the client, delivered msgs/s,
                                                           latency from commit to upstream acceptance p50/p99)

in three rounds, each relay run right after its own direct limit; a round's ratio is its relay rate over its limit,
and the median of the rounds' ratios is printed with each round's.

and prints every relay figure as a ratio of the direct one, because the machines are shared and noisy: only
ratios measured in one run are comparable. With --postfix (root only) it measures Postfix itself the same way, as a
relay in the same run: the reference the targets were set against.

    postfix   smtp-source -> Postfix -> smtp-sink            (a private instance of Debian's Postfix, default
                                                              settings, relaying everything to a sink that dumps
                                                              each message to a file: the files are the deliveries;
                                                              single messages: the time to the client's 250)

Run from the repository root:

    python3 benchmarks/relay_benchmark.py                 # 10 KiB messages at concurrency 1, 10, 50
    python3 benchmarks/relay_benchmark.py --messages 5000 --concurrency 50
    python3 benchmarks/relay_benchmark.py --postfix       # and Postfix as a relay, measured alike
    python3 benchmarks/relay_benchmark.py --quick         # a smoke run of a few minutes: does it work at all

Several jars (--jar LABEL=PATH, given once per jar) are compared in one run, as a change on the message path is
measured: each jar runs a relay of its own (data directory, ports, log), all configured and warmed up alike, and the
rounds interleave them: each round measures the direct limit once and then every jar's relay against it, in an order
reversed from one round to the next, so that the drift of a shared machine reaches every jar alike. Besides each
jar's tables it prints every figure's median per jar and the second jar's figure over the first's, per round and
their median:

    benchmarks/build_jar_at.sh <commit> bootstrap/target/store-relay-old.jar
    python3 benchmarks/relay_benchmark.py --jar old=bootstrap/target/store-relay-old.jar \\
        --jar new=bootstrap/target/store-relay.jar

With --oauth2 the run ends with the OAuth 2.0 line: on every jar's relay that logs in with XOAUTH2, a password store
and an OAuth 2.0 store (client credentials) side by side against one upstream that takes both logins, so that their
ratio shows what the OAuth 2.0 login costs a message once its token is cached. smtp-sink cannot be that upstream (it
announces no XOAUTH2 and answers any AUTH with 250): benchmarks/xoauth2_upstream.py is, with the token endpoint
(HTTPS, its certificate made for the run and trusted by the relays through STORE_RELAY_TRUSTSTORE).

    oauth2    smtp-source -> store-relay (store pw | oauth) -> xoauth2_upstream.py   (single messages one after
                                                              another, end to end; delivered/direct at concurrency
                                                              50; each round against its own direct limit
                                                              smtp-source -> xoauth2_upstream.py)

    python3 benchmarks/relay_benchmark.py --jar old=bootstrap/target/store-relay-old.jar \\
        --jar new=bootstrap/target/store-relay.jar --oauth2
"""
import argparse
import base64
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
JAR = ROOT / "bootstrap" / "target" / "store-relay.jar"
ADMIN_PASSWORD = "benchmark-admin-password"
# The direct limit is the best of a few runs: on a shared machine one run may come out at half the rate, and a
# low limit would flatter every ratio.
DIRECT_RUNS = 3
# Single messages measured one at a time: (seconds between them, how many per round, rounds). None between them,
# as smtp-source times the direct path; 50 ms, alone; and 2 s, as a legacy system usually sends, after a quiet spell.
# Each round times the direct path (best of DIRECT_RUNS) right before the relay, and the ratio is taken per round: a
# shared machine's speed drifts within a minute by more than the difference measured (seen: the direct time 0.58 to
# 0.99 ms between runs); the median of the rounds' ratios is reported, with the rounds.
SINGLE_RUNS = ((0, 50, 5), (0.05, 40, 5), (2.0, 15, 1))
SINGLES = 50                                                  # for smtp-source's direct time
# Single messages before measuring them, with the client that measures them: one after another, then 50 ms apart.
# The load of the warm-up compiles the paths of a busy relay; a lone message takes others (an idle writer, a parked
# worker, a whole message in one read), which HotSpot otherwise compiled during the first few hundred measured
# messages: its compiler took a third of a core, and a message 0.5-1.5 ms longer.
SINGLES_WARMUP = ((0, 2000), (0.05, 100))
# Each concurrency level is measured in rounds, each against the direct limit (best of DIRECT_RUNS) measured just
# before it; the median of the rounds' ratios is reported, with the rounds. One round per level made the ratio at
# concurrency 50 swing between 0.28 and 0.51 in four runs of one hour, while the relay's own rate moved by 15 %: the
# direct limit (3,000 messages in under a second) moved between 1,901 and 3,747 msgs/s.
LEVEL_ROUNDS = 3
# A delivery this much later than its receipt is reported with its attempt history: one such message is enough to make
# a round's delivered rate collapse (seen once: a few messages some 35 s late in two rounds at concurrency 50).
LATE_AFTER = 1.0
# The relay's log of the last run is kept here (build output), for whatever the run printed; when jars are compared,
# each jar's log is kept next to it under a name with the jar's label.
KEPT_LOG = ROOT / "bootstrap" / "target" / "relay-benchmark.log"
# --quick: a smoke run of a few minutes, which shows that the script and the relays work, not how fast they are (too
# few messages for the JIT to compile the relay's paths, too few rounds for a median). Two rounds of each, so that
# both orders of two compared jars are run.
QUICK_MESSAGES = 300
QUICK_WARMUP = 1000
QUICK_SINGLES_WARMUP = ((0, 200), (0.05, 10))
QUICK_SINGLE_RUNS = ((0, 20, 2), (0.05, 10, 2), (2.0, 3, 2))
QUICK_LEVEL_ROUNDS = 2
# --oauth2: the two stores on each relay, each with the envelope sender that routes smtp-source's messages to it
# (README, *Pointing a legacy system at it*, rule 3), and their logins upstream: a password, and OAuth 2.0 client
# credentials for a mailbox.
OAUTH2_STORES = (("pw", "erp-pw@legacy.example"), ("oauth", "erp-oauth@legacy.example"))
OAUTH2_USER, OAUTH2_PASSWORD = "bench", "bench-password"
OAUTH2_MAILBOX = "store-oauth@bench.example"
OAUTH2_CLIENT_ID = "store-relay-bench"
OAUTH2_SCOPE = "smtp.send"
# The concurrency of its delivered/direct figure: the level at which a cost per message would show in the rate.
OAUTH2_CONCURRENCY = 50
# Per store, before its rounds: messages at OAUTH2_CONCURRENCY, then single messages one after another. The relay has
# been warmed up and measured by then; what is new to it is routing by sender pattern, the stores' own upstream
# connections and their logins, and its first token.
OAUTH2_WARMUP = (5000, 500)
QUICK_OAUTH2_WARMUP = (300, 30)
UPSTREAM = Path(__file__).resolve().parent / "xoauth2_upstream.py"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, timeout=120, process=None):
    """Waits until something listens on `port`; for the `process` that is to listen, only while it runs."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process and process.poll() is not None:
            raise SystemExit(f"{' '.join(process.args)} ended (exit status {process.returncode}) before listening "
                             f"on port {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port} after {timeout}s")


def ensure_postfix_tools():
    if shutil.which("smtp-source") and shutil.which("smtp-sink"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("smtp-source/smtp-sink missing: install Debian's postfix package")
    print("installing postfix for smtp-source and smtp-sink ...", flush=True)
    subprocess.run("echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections",
                   shell=True, check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "postfix"], check=True,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"), stdout=subprocess.DEVNULL)


# Postfix as a plain relay: every message to one upstream (the sink), loopback clients trusted, no TLS, its own queue
# and log in a directory of its own; otherwise Postfix's defaults.
POSTFIX_MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {base}/queue
data_directory = {base}/data
maillog_file_prefixes = {base}
maillog_file = {base}/maillog
myhostname = postfix.bench
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:{upstream_port}
smtpd_relay_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
local_recipient_maps =
"""
POSTFIX_SERVICES = ["pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
                    "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
                    "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
                    "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap", "smtp unix - - n - - smtp",
                    "relay unix - - n - - smtp", "showq unix n - n - - showq", "error unix - - n - - error",
                    "retry unix - - n - - error", "discard unix - - n - - discard", "local unix - n n - - local",
                    "anvil unix - - n - 1 anvil", "scache unix - - n - 1 scache",
                    "postlog unix-dgram n - n - 1 postlogd"]


class PostfixRelay:
    """A private Postfix instance on `port` that relays every message to a sink of its own, which dumps each message
    to a file: the files count the deliveries, and their modification times (Postfix's own log has whole seconds)
    time them. Needs root (Postfix's master runs as root) and Debian's postfix package."""

    def __init__(self, port):
        self.port = port
        self.base = Path(tempfile.mkdtemp(prefix="store-relay-postfix-"))
        self.base.chmod(0o755)                                 # Postfix's daemons run as the user postfix
        self.dumps = self.base / "dumps"
        self.dumps.mkdir()
        self.dumps.chmod(0o777)                                # the sink runs as nobody
        self.etc = self.base / "etc"
        self.sink = None

    def start(self):
        sink_port = free_port()
        self.sink = subprocess.Popen(["smtp-sink", "-u", "nobody", "-d", f"{self.dumps}/%H%M%S.",
                                      f"127.0.0.1:{sink_port}", "1024"], stdout=subprocess.DEVNULL)
        for directory in ("etc", "queue", "data"):
            (self.base / directory).mkdir()
        shutil.chown(self.base / "data", "postfix")
        (self.etc / "main.cf").write_text(POSTFIX_MAIN_CF.format(base=self.base, upstream_port=sink_port))
        (self.etc / "master.cf").write_text("\n".join([f"127.0.0.1:{self.port} inet n - n - - smtpd"]
                                                      + POSTFIX_SERVICES) + "\n")
        wait_for_port(sink_port)
        started = subprocess.run(["postfix", "-c", str(self.etc), "start"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        if started.returncode != 0:
            # Postfix reports to its log, not to a terminal-less stderr; the directory goes when it is stopped.
            log = self.base / "maillog"
            raise SystemExit("Postfix did not start:\n" + (log.read_text()[-2000:] if log.exists() else "(no log)"))
        wait_for_port(self.port)

    def version(self):
        return subprocess.run(["postconf", "-d", "-h", "mail_version"], capture_output=True, text=True).stdout.strip()

    def clear(self):
        for dump in self.dumps.iterdir():
            dump.unlink()

    def accepted_upstream(self, count, timeout=600):
        """The times the sink took the last `count` messages (since clear()), in order, once it has them all; to
        the kernel's tick (a file's time), so good for rates over seconds, not for single messages."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            dumps = list(self.dumps.iterdir())
            if len(dumps) >= count:
                time.sleep(0.2)                                # the last file may still be being written
                return sorted(dump.stat().st_mtime for dump in self.dumps.iterdir())
            time.sleep(0.1)
        raise SystemExit(f"Postfix delivered only {len(list(self.dumps.iterdir()))} of {count} messages "
                         f"after {timeout}s; see {self.base / 'maillog'}")

    def stop(self):
        subprocess.run(["postfix", "-c", str(self.etc), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if self.sink:
            self.sink.terminate()
        shutil.rmtree(self.base, ignore_errors=True)


def run_quietly(command, **kwargs):
    """Runs a tool whose output matters only when it fails."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(str(part) for part in command[:2])} failed (exit status {done.returncode}):\n"
                         + (done.stderr or done.stdout)[-2000:])


class OAuth2Upstream:
    """The upstream of the OAuth 2.0 line, benchmarks/xoauth2_upstream.py: an SMTP sink that takes the pw store's
    password and the oauth store's XOAUTH2 login, and the HTTPS token endpoint whose tokens it takes. Its certificate
    is made for the run into the run's directory, which goes with the run, and with it a PKCS#12 trust store, which
    the relays must be started with (relay_env)."""

    def __init__(self, work):
        self.dir = work / "oauth2"
        self.dir.mkdir()
        self.cert, self.key = self.dir / "token-endpoint.pem", self.dir / "token-endpoint.key"
        self.truststore = self.dir / "truststore.p12"
        self.truststore_password = secrets.token_urlsafe(18)
        self.client_secret = secrets.token_urlsafe(24)
        self.problems_path = self.dir / "problems.log"
        self.problems_seen = 0
        self.process = None
        self.smtp_port = self.token_port = None
        # The relay checks the host name: the token endpoint is https://localhost:<port>/token
        run_quietly(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7", "-subj", "/CN=localhost",
                     "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", self.key, "-out", self.cert])
        # The JDK's keytool, next to the java that runs the relays: a PKCS#12 file exported by openssl lacks the
        # attribute that makes Java take a certificate as trusted, and Java would find no trusted certificate in it.
        java = shutil.which("java")
        keytool = Path(os.path.realpath(java)).parent / "keytool" if java else None
        if not keytool or not keytool.exists():
            keytool = shutil.which("keytool")
        if not keytool:
            raise SystemExit("--oauth2 needs the JDK's keytool")
        run_quietly([keytool, "-importcert", "-storetype", "PKCS12", "-noprompt", "-alias", "token-endpoint",
                     "-file", self.cert, "-keystore", self.truststore, "-storepass:env", "BENCH_TRUSTSTORE_PASSWORD"],
                    env=dict(os.environ, BENCH_TRUSTSTORE_PASSWORD=self.truststore_password))

    def relay_env(self):
        return {"STORE_RELAY_TRUSTSTORE": str(self.truststore),
                "STORE_RELAY_TRUSTSTORE_PASSWORD": self.truststore_password}

    def start(self):
        self.smtp_port, self.token_port = free_port(), free_port()
        # Secrets through the environment, not the command line, which every user of the machine can read
        env = dict(os.environ, XOAUTH2_UPSTREAM_CLIENT_SECRET=self.client_secret,
                   XOAUTH2_UPSTREAM_PASSWORD=OAUTH2_PASSWORD)
        with open(self.problems_path, "wb") as problems:
            self.process = subprocess.Popen(
                [sys.executable, str(UPSTREAM), "--smtp-port", str(self.smtp_port), "--token-port",
                 str(self.token_port), "--cert", str(self.cert), "--key", str(self.key), "--client-id",
                 OAUTH2_CLIENT_ID, "--scope", OAUTH2_SCOPE, "--user", OAUTH2_USER, "--mailbox", OAUTH2_MAILBOX],
                env=env, stdout=subprocess.DEVNULL, stderr=problems)
        wait_for_port(self.smtp_port, process=self.process)
        wait_for_port(self.token_port, process=self.process)

    def token_endpoint(self):
        return f"https://localhost:{self.token_port}/token"

    def new_problems(self):
        """What the upstream reported since accept_problems() (a refused login or token request, a broken command),
        or that it ended; None if nothing. Reads a file, which costs the upstream nothing while it is measured."""
        if self.process and self.process.poll() is not None:
            return f"{UPSTREAM.name} ended (exit status {self.process.returncode})"
        with open(self.problems_path, "rb") as problems:
            problems.seek(self.problems_seen)
            text = problems.read().decode(errors="replace").strip()
        return f"{UPSTREAM.name}: " + text.replace("\n", "; ")[:1000] if text else None

    def accept_problems(self):
        """What has been reported so far is known (and told), and is no reason to stop a later wait."""
        self.problems_seen = self.problems_path.stat().st_size

    def stats(self):
        """The upstream's counts: token requests and tokens issued, logins and messages by mechanism."""
        context = ssl.create_default_context(cafile=str(self.cert))
        with urllib.request.urlopen(f"https://localhost:{self.token_port}/stats", context=context,
                                    timeout=30) as response:
            return json.loads(response.read())

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def smtp_source(port, messages, sessions, size, reuse=False, sender="erp@legacy.example"):
    """Runs smtp-source and returns the wall time in seconds. The sender is the envelope's, which routes a message to
    its store (README, *Pointing a legacy system at it*); erp@legacy.example matches no pattern and goes to the root
    unit."""
    command = ["smtp-source", "-s", str(sessions), "-m", str(messages), "-l", str(size),
               "-f", sender, "-t", "customer@example.com", "-M", "bench.example"]
    if reuse:
        command.append("-d")
    command.append(f"127.0.0.1:{port}")
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


class Api:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        token = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "Content-Type": "application/json"}

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=self.headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return json.loads(text) if text else None

    def delivered_since(self, since):
        """Delivered messages received at or after `since` (epoch seconds), newest first: pages until older ones."""
        out, offset = [], 0
        while True:
            page = self.call("GET", f"/api/messages?status=DELIVERED&limit=500&offset={offset}")
            recent = [m for m in page if parse_time(m["receivedAt"]) >= since]
            out.extend(recent)
            if len(page) < 500 or len(recent) < len(page):
                return out
            offset += 500


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def start_relay(jar, data_dir, smtp_port, admin_port, log, extra_env):
    # The management listener (a jar from before #21 ignores the variable) gets a free port too: relays of several
    # jars may run at once, and 8081 may be taken.
    env = dict(os.environ, STORE_RELAY_DATA_DIR=str(data_dir), STORE_RELAY_SMTP_PORT=str(smtp_port),
               STORE_RELAY_ADMIN_PORT=str(admin_port), STORE_RELAY_MANAGEMENT_PORT=str(free_port()),
               STORE_RELAY_ADMIN_PASSWORD=ADMIN_PASSWORD,
               STORE_RELAY_HOSTNAME="relay.bench", STORE_RELAY_SMTP_MAX_CONNECTIONS="2000",
               STORE_RELAY_SMTP_MAX_CONNECTIONS_PER_CLIENT="2000")
    env.update(extra_env)
    process = subprocess.Popen(["java", "-jar", str(jar)], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(smtp_port, process=process)
        wait_for_port(admin_port, process=process)
    except BaseException:
        process.terminate()                                   # a relay that is not up in time is not left running
        process.wait(timeout=60)
        raise
    return process


def wait_delivered(api, expected, timeout=600, abort=None):
    """Waits until `expected` messages in all are delivered. Polls the counts, which cost the relay an index scan;
    reading the delivery log itself while measuring would load the database the relay is using. `abort`, if given,
    says why waiting on is pointless (e.g. the upstream refused a login: the relay retries a minute later), or None."""
    deadline = time.time() + timeout
    delivered = 0
    while time.time() < deadline:
        delivered = api.call("GET", "/api/messages/counts")["DELIVERED"]
        if delivered >= expected:
            return
        reason = abort() if abort else None
        if reason:
            raise SystemExit(f"{delivered} of {expected} messages delivered, and no more will be soon: {reason}")
        time.sleep(0.2)
    raise SystemExit(f"only {delivered} of {expected} messages delivered after {timeout}s")


def rss_mib(pid):
    """Resident set size of a process (and its children, e.g. none for the relay JVM) in MiB, from /proc."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def memory_benchmark(args, work, sink_port, jar, name=""):
    """RSS of the relay with many idle connections, and while a very large message passes through."""
    smtp_port, admin_port = free_port(), free_port()
    with open(work / f"relay-memory{name}.log", "w") as log:
        relay = start_relay(jar, work / f"data-memory{name}", smtp_port, admin_port, log, {
            "STORE_RELAY_SMTP_MAX_CONNECTIONS": str(args.idle_connections + 100),
            "STORE_RELAY_SMTP_MAX_CONNECTIONS_PER_CLIENT": str(args.idle_connections + 100),
            "STORE_RELAY_MAX_MESSAGE_SIZE": str((args.large_message_mib + 1) * 1024 * 1024)})
        try:
            api = Api(admin_port)
            api.call("PUT", "/api/units/company", {"name": "Company", "parentId": None})
            api.call("PUT", "/api/units/company/smtp", {"serverAddress": "127.0.0.1", "port": sink_port})
            baseline = rss_mib(relay.pid)
            sockets = []
            for _ in range(args.idle_connections):
                connection = socket.create_connection(("127.0.0.1", smtp_port))
                sockets.append(connection)
            for connection in sockets:
                connection.recv(512)                                  # the greeting: the session really exists
            time.sleep(2)
            idle = rss_mib(relay.pid)
            for connection in sockets:
                connection.close()
            print(f"RSS: {baseline:.0f} MiB idle relay, {idle:.0f} MiB with {args.idle_connections} idle connections")

            body = ("x" * 998 + "\r\n").encode() * (args.large_message_mib * 1024 * 1024 // 1000)
            peak = [0.0]
            done = [False]

            def watch():
                while not done[0]:
                    peak[0] = max(peak[0], rss_mib(relay.pid))
                    time.sleep(0.05)

            import threading
            watcher = threading.Thread(target=watch)
            watcher.start()
            import smtplib
            with smtplib.SMTP("127.0.0.1", smtp_port, timeout=300) as client:
                client.sendmail("erp@legacy.example", ["big@example.com"], b"Subject: large\r\n\r\n" + body)
            wait_delivered(api, 1, timeout=300)
            done[0] = True
            watcher.join()
            print(f"RSS: peak {peak[0]:.0f} MiB while a {args.large_message_mib} MiB message was accepted and delivered")
        finally:
            relay.terminate()
            relay.wait(timeout=60)


def single_session(port, size, pause, sender="erp@legacy.example"):
    """One message on its own connection, the way smtp-source sends it, then {pause} seconds of nothing. Returns
    (start, time of the 250 after the message), both epoch seconds; the session ends with QUIT."""
    header = b"From: <%s>\r\nTo: <customer@example.com>\r\nSubject: single\r\n\r\n" % sender.encode()
    line = b"La de da de da.\r\n"
    body = header + line * max(1, (size - len(header)) // len(line)) + b".\r\n"
    start = time.time()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        replies = connection.makefile("rb")

        def expect(code):
            while True:
                line = replies.readline()
                if not line.startswith(code):
                    raise SystemExit(f"unexpected reply from port {port}: {line!r}")
                if line[3:4] != b"-":
                    return

        expect(b"220")
        for command, code in ((b"EHLO bench.example", b"250"), (b"MAIL FROM:<%s>" % sender.encode(), b"250"),
                              (b"RCPT TO:<customer@example.com>", b"250"), (b"DATA", b"354")):
            connection.sendall(command + b"\r\n")
            expect(code)
        connection.sendall(body)
        expect(b"250")
        accepted = time.time()
        connection.sendall(b"QUIT\r\n")
        expect(b"221")
    time.sleep(pause)
    return start, accepted


def measure_postfix(args, levels):
    """Postfix as a relay, measured as the relay is: single messages on their own connections (from the connect to
    the client's 250), then smtp-source's load at each concurrency (accepted and delivered msgs/s)."""
    postfix = PostfixRelay(free_port())
    try:
        postfix.start()
        warmup = 200                                           # its daemons are started on demand
        smtp_source(postfix.port, warmup, 10, args.size)
        postfix.accepted_upstream(warmup)
        singles = {}
        for pause, count, _ in args.single_runs:
            postfix.clear()
            sessions_done = [single_session(postfix.port, args.size, pause) for _ in range(count)]
            postfix.accepted_upstream(count)
            singles[pause] = statistics.median(accepted - start for start, accepted in sessions_done)
        rows = []
        for sessions in levels:
            postfix.clear()
            start = time.time()
            accept_seconds = smtp_source(postfix.port, args.messages, sessions, args.size)
            done = postfix.accepted_upstream(args.messages)
            rows.append((sessions, args.messages / accept_seconds, args.messages / (max(done) - start)))
        return postfix.version(), singles, rows
    finally:
        postfix.stop()


class LevelRound(NamedTuple):
    """One round at one concurrency: the direct limit measured for it and the relay's rates, in msgs/s, and the
    relay's latencies from commit to upstream acceptance, in seconds; the late messages: (id, latency, attempts); and
    the relay's place in the round's order (0: right after the direct limit)."""
    direct: float
    accepted: float
    delivered: float
    latencies: list
    late: list
    place: int = 0


def print_levels(rows):
    """Per concurrency: medians of the rounds (rates, and ratios taken per round), the latency percentiles over all
    rounds' messages, then every round's delivered/direct ratio."""
    print(f"{'sessions':>8} {'direct/s':>9} {'accepted/s':>11} {'ratio':>6} {'delivered/s':>12} {'ratio':>6} "
          f"{'p50 ms':>8} {'p99 ms':>8}   delivered/direct per round")
    for sessions, rounds in rows:
        def median(value):
            return statistics.median(value(r) for r in rounds)
        latencies = [latency for r in rounds for latency in r.latencies]
        print(f"{sessions:>8} {median(lambda r: r.direct):>9.0f} {median(lambda r: r.accepted):>11.0f} "
              f"{median(lambda r: r.accepted / r.direct):>6.2f} {median(lambda r: r.delivered):>12.0f} "
              f"{median(lambda r: r.delivered / r.direct):>6.2f} {percentile(latencies, 50) * 1000:>8.1f} "
              f"{percentile(latencies, 99) * 1000:>8.1f}   "
              + ", ".join(f"{r.delivered / r.direct:.2f}" for r in rounds))
    print("latency: from the relay's commit to the upstream's acceptance; ratios are against direct/s and taken per "
          f"round ({len(rows[0][1])} rounds per level, medians shown)")
    print_late([(f"concurrency {sessions}, round {number}", *message) for sessions, rounds in rows
                for number, r in enumerate(rounds, 1) for message in r.late])


def print_late(late):
    """The late deliveries: (where, message id, latency, attempts), the attempts only for the first few of a round."""
    print(f"late deliveries (more than {LATE_AFTER:.0f} s after receipt): {len(late)}")
    for where, message_id, latency, attempts in late:
        if attempts is not None:
            history = "; ".join(f"{a['at']} {a['summary']}" for a in attempts)
            print(f"  {where}: message {message_id} {latency:.1f} s late; attempts: {history}")


def direct_limit(args, sessions, sink_port):
    """The direct rate smtp-source -> smtp-sink at one concurrency, in msgs/s: the best of DIRECT_RUNS."""
    return args.messages / min(smtp_source(sink_port, args.messages, sessions, args.size) for _ in range(DIRECT_RUNS))


class SingleRound(NamedTuple):
    """One round of single messages, in seconds (medians): smtp-source direct, this script's client direct, through
    the relay from the connect to the upstream's acceptance, and to the client's 250; and the relay's place in the
    round's order (0: right after the direct times)."""
    direct: float
    direct_client: float
    relay: float
    relay_client: float
    place: int = 0


class Relay:
    """One jar's relay: a process with its own data directory, ports and log, configured alike through the API.
    `delivered` counts the messages it has been sent so far, which its own database's counts are waited for; `abort`
    (for wait_delivered) watches an upstream that can refuse. `oauth2` is why the relay has no OAuth 2.0 line (None
    when it has one), once configure_oauth2 has run."""

    def __init__(self, label, jar, work, name):
        self.label = label
        self.jar = jar
        self.data_dir = work / f"data{name}"
        self.log_path = work / f"relay{name}.log"
        self.kept_log = KEPT_LOG.with_name(f"{KEPT_LOG.stem}{name}{KEPT_LOG.suffix}")
        self.process = None
        self.delivered = 0
        self.abort = None
        self.oauth2 = "not configured"

    def start(self, extra_env, sink_port):
        # Ports are taken just before the start, after the relays started before have taken theirs (their
        # databases' ports among them)
        self.smtp_port, self.admin_port = free_port(), free_port()
        with open(self.log_path, "w") as log:
            self.process = start_relay(self.jar, self.data_dir, self.smtp_port, self.admin_port, log, extra_env)
        self.api = Api(self.admin_port)
        self.api.call("PUT", "/api/units/company", {"name": "Company", "parentId": None})
        self.api.call("PUT", "/api/units/company/smtp", {"serverAddress": "127.0.0.1", "port": sink_port,
                                                           "outgoingEmailAddress": "shop@bench.example"})

    def warm_up(self, args):
        # Warm-up, so that the numbers are those of a relay that has been running (as in production) and pools and
        # connections have filled. A method called once per message reaches HotSpot's optimising compiler (C2) only
        # after about 15,000 calls (Tier4CompileThreshold); after 5,000 messages the per-message path still ran
        # partly as C1 code and C2 compiled it during the measurement (a third of the relay's CPU samples).
        smtp_source(self.smtp_port, args.warmup, 50, args.size)
        for pause, count in args.singles_warmup:
            for _ in range(count):
                single_session(self.smtp_port, args.size, pause)
        self.delivered += args.warmup + sum(count for _, count in args.singles_warmup)
        wait_delivered(self.api, self.delivered, abort=self.abort)

    def single_round(self, args, pause, count, direct_single, direct_client, place, sender="erp@legacy.example"):
        """`count` single messages through the relay, `pause` seconds apart, against the direct times measured for
        the round; from `sender`, which chooses the store."""
        single_start = time.time()
        sessions_done = [single_session(self.smtp_port, args.size, pause, sender) for _ in range(count)]
        starts = [start for start, _ in sessions_done]
        self.delivered += count
        wait_delivered(self.api, self.delivered, abort=self.abort)
        recent = sorted(self.api.delivered_since(single_start - 0.001), key=lambda m: parse_time(m["receivedAt"]))
        relay_single = statistics.median(parse_time(m["recipients"][0]["updatedAt"]) - start
                                         for m, start in zip(recent, starts))
        relay_client = statistics.median(accepted - start for start, accepted in sessions_done)
        return SingleRound(direct_single, direct_client, relay_single, relay_client, place)

    def level_round(self, args, sessions, direct, place, sender="erp@legacy.example"):
        """One round at one concurrency through the relay, against the direct limit measured for the round, from
        `sender` (which chooses the store); waits until all its messages are delivered."""
        start = time.time()
        accept_seconds = smtp_source(self.smtp_port, args.messages, sessions, args.size, sender=sender)
        self.delivered += args.messages
        wait_delivered(self.api, self.delivered, abort=self.abort)
        batch = self.api.delivered_since(start - 0.001)
        delivered_at = {m["id"]: parse_time(m["recipients"][0]["updatedAt"]) for m in batch}
        latencies = {m["id"]: delivered_at[m["id"]] - parse_time(m["receivedAt"]) for m in batch}
        late_ids = [(message_id, latency) for message_id, latency in sorted(latencies.items()) if latency > LATE_AFTER]
        # The first few with their attempt history: one request each
        late = [(message_id, latency, self.api.call("GET", f"/api/messages/{message_id}/attempts") if number < 5 else None)
                for number, (message_id, latency) in enumerate(late_ids)]
        return LevelRound(direct, args.messages / accept_seconds, len(batch) / (max(delivered_at.values()) - start),
                          list(latencies.values()), late, place)

    def configure_oauth2(self, upstream):
        """The stores of the OAuth 2.0 line, below the company: pw logs in with a password, oauth with OAuth 2.0
        client credentials for a mailbox (README, *OAuth 2.0 tokens*), both to the Python upstream in plain text, each
        taking the messages of its sender. Then each store's connection test, which logs in as a delivery does: the
        oauth store with the relay's first token, which its deliveries then share. Sets `oauth2` to None, or to why
        this jar has no OAuth 2.0 line: it refused the settings, kept them without their OAuth 2.0 part, or could not
        log in (a jar may take OAuth 2.0 settings before it can deliver with them)."""
        server = {"serverAddress": "127.0.0.1", "port": upstream.smtp_port, "secureSocketOptions": "NONE"}
        logins = {"pw": {"login": OAUTH2_USER, "password": OAUTH2_PASSWORD},
                  "oauth": {"login": OAUTH2_MAILBOX, "authentication": "OAUTH2",
                            "oauth2": {"provider": "GENERIC", "grant": "CLIENT_CREDENTIALS",
                                       "clientId": OAUTH2_CLIENT_ID, "clientSecret": upstream.client_secret,
                                       "tokenEndpoint": upstream.token_endpoint(), "scope": OAUTH2_SCOPE}}}
        step = None
        try:
            for store, sender in OAUTH2_STORES:
                for step, body in ((f"PUT /api/units/{store}", {"name": f"Benchmark {store}", "parentId": "company"}),
                                   (f"PUT /api/units/{store}/smtp", {**server, **logins[store]}),
                                   (f"PUT /api/units/{store}/routing", {"senderPatterns": [sender],
                                                                        "clientNetworks": []})):
                    self.api.call(*step.split(" "), body)
        except urllib.error.HTTPError as refused:
            self.oauth2 = f"{step} answered {refused.code} {refused.read().decode(errors='replace')[:300]}"
            return
        own = self.api.call("GET", "/api/units/oauth/smtp")
        if own.get("authentication") != "OAUTH2":
            self.oauth2 = f"it kept the oauth store's settings without OAuth 2.0: {json.dumps(own)[:300]}"
            return
        for store, _ in OAUTH2_STORES:
            report = self.api.call("POST", f"/api/units/{store}/smtp/test")
            if not report.get("success"):
                self.oauth2 = f"the {store} store's connection test failed: {report.get('verdict')}"
                return
        self.oauth2 = None

    def warm_up_oauth2(self, args):
        """Each store of the OAuth 2.0 line in turn, as warm_up does the relay, until its messages are delivered."""
        messages, singles = args.oauth2_warmup
        for _, sender in OAUTH2_STORES:
            smtp_source(self.smtp_port, messages, OAUTH2_CONCURRENCY, args.size, sender=sender)
            for _ in range(singles):
                single_session(self.smtp_port, args.size, 0, sender)
            self.delivered += messages + singles
            wait_delivered(self.api, self.delivered, abort=self.abort)

    def stop(self, compared):
        """Stops the relay and prints what its log tells: connection reuse, warnings, errors and failed attempts; also
        for a relay that did not start, whose log says why."""
        if not self.log_path.exists():
            return
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=60)
        if compared:
            print(f"{self.label} ({self.jar}):")
        # The forwarder reports its connection reuse when it shuts down.
        troubles = []
        for line in open(self.log_path, errors="replace"):
            match = re.search(r"upstream: (\d+) message\(s\) sent over (\d+) connection\(s\)", line)
            if match and int(match.group(2)) > 0:
                sent, connections = int(match.group(1)), int(match.group(2))
                print(f"upstream connections: {connections} for {sent} messages = {sent / connections:.0f} messages per connection")
            if re.search(r" (WARN|ERROR) |delivery of message \d+ .* failed", line):
                troubles.append(line.strip())
        # A failed attempt is retried a minute later, which one message is enough to make a round's delivered
        # rate collapse: say so, with the relay's words.
        print(f"relay log: {len(troubles)} warning(s), error(s) and failed delivery attempt(s)")
        for line in troubles[:5]:
            print("  " + line[:300])
        shutil.copyfile(self.log_path, self.kept_log)
        print(f"relay log kept in {self.kept_log.relative_to(ROOT)}")


def in_turn(relays, turn):
    """The relays in the order of the run's round number `turn`, with their places: reversed from one round to the
    next, so that each jar is as often measured right after the direct limit as after another jar's run. The turns
    count on across figures, so that a figure with an odd number of rounds does not start with the same jar as the
    one before it."""
    return enumerate(relays if turn % 2 == 0 else relays[::-1])


def measure(args, relays, levels, sink_port):
    """Single messages, then every concurrency level, in rounds: each round measures the direct path once and then
    each relay against it. Returns per relay's label its single rounds per pause and its level rounds per level."""
    singles = {relay.label: {} for relay in relays}
    rows = {relay.label: [] for relay in relays}
    turn = 0
    # Single messages, each on its own connection, one at a time. End to end through the relay: from the client's
    # connect to the upstream's 250 for the message, as the relay recorded it (same clock: same machine). Direct:
    # smtp-source's time per message (the reference the targets use) and this script's client to the sink.
    # Measured with three pauses (SINGLE_RUNS): none, as smtp-source measures the direct time; alone, 50 ms apart:
    # an idle virtual machine wakes slowly, and every hand-over between threads and processes (the relay has
    # several, the direct path few) pays for it; and 2 s apart, when caches and pooled connections have been idle too.
    for pause, count, rounds in args.single_runs:
        for relay in relays:
            singles[relay.label][pause] = []
        for _ in range(rounds):
            # The best of a few: a slow run of the direct path would flatter the round's ratio
            direct_single = min(smtp_source(sink_port, SINGLES, 1, args.size) for _ in range(DIRECT_RUNS)) / SINGLES
            direct_client = statistics.median(end - start for start, end in
                                              (single_session(sink_port, args.size, pause) for _ in range(count)))
            for place, relay in in_turn(relays, turn):
                singles[relay.label][pause].append(
                    relay.single_round(args, pause, count, direct_single, direct_client, place))
            turn += 1
    for sessions in levels:
        rounds = {relay.label: [] for relay in relays}
        for _ in range(args.level_rounds):
            direct = direct_limit(args, sessions, sink_port)
            for place, relay in in_turn(relays, turn):
                rounds[relay.label].append(relay.level_round(args, sessions, direct, place))
            turn += 1
        for relay in relays:
            rows[relay.label].append((sessions, rounds[relay.label]))
    return singles, rows


def single_pause_name(pause):
    return "one after another" if pause == 0 else f"alone, {pause * 1000:.0f} ms apart"


def print_singles(singles):
    """Per pause: the median of the rounds' ratios (each round against the direct time measured just before it),
    their range, and the rounds' medians in ms."""
    print("single message on its own connection, end to end (connect to the upstream's acceptance) against "
          "smtp-source direct, each round against its own direct time:")
    for pause, rounds in singles.items():
        ratios = [r.relay / r.direct for r in rounds]

        def ms(field):
            return statistics.median(getattr(r, field) for r in rounds) * 1000
        print(f"  {single_pause_name(pause)}: {statistics.median(ratios):.1f}x "
              f"(rounds {', '.join(f'{x:.1f}' for x in ratios)}); relay {ms('relay'):.2f} ms, smtp-source direct "
              f"{ms('direct'):.2f} ms; the same client direct {ms('direct_client'):.2f} ms "
              f"({ms('relay') / ms('direct_client'):.1f}x); the client had the relay's 250 after "
              f"{ms('relay_client'):.2f} ms")


def print_comparison(relays, singles, rows):
    """Every figure's median over its rounds for each jar, and each later jar's figure over the first jar's: per round
    (both against the same direct limit, which cancels) and the median of those per-round quotients."""
    first, others = relays[0].label, [relay.label for relay in relays[1:]]
    labels = [first, *others]
    figures = []                                              # (name, format, {label: [rounds]}, value of a round)
    for number, (sessions, _) in enumerate(rows[first]):
        figures.append((f"c={sessions} delivered/direct", ".2f", {label: rows[label][number][1] for label in labels},
                        lambda r: r.delivered / r.direct))
    for pause in singles[first]:
        figures.append((f"single, {single_pause_name(pause)}: x direct", ".2f",
                        {label: singles[label][pause] for label in labels}, lambda r: r.relay / r.direct))
    for number, (sessions, _) in enumerate(rows[first]):
        for p in (50, 99):
            figures.append((f"c={sessions} latency p{p} ms", ".1f", {label: rows[label][number][1] for label in labels},
                            lambda r, p=p: percentile(r.latencies, p) * 1000))
    width = max(len(name) for name, *_ in figures)
    column = max(8, *(len(f"{label}/{first}") + 1 for label in others))
    print(f"comparison: each jar's median over its rounds; {', '.join(f'{label}/{first}' for label in others)}: "
          f"the jar's figure over {first}'s in each round (both against that round's direct limit) and the median "
          f"of those; rates: higher is better, times: lower; * marks the rounds in which {' or '.join(others)} ran "
          f"before {first}")
    print(f"{'':<{width}}" + "".join(f" {label:>{column}}" for label in labels)
          + "".join(f" {f'{label}/{first}':>{column}}" for label in others)
          + "   " + " | ".join(f"{label}/{first} per round" for label in others))
    for name, form, rounds, value in figures:
        medians = [statistics.median(value(r) for r in rounds[label]) for label in labels]
        quotients = {label: [(value(r) / value(base), r.place < base.place)
                             for r, base in zip(rounds[label], rounds[first])] for label in others}
        print(f"{name:<{width}}" + "".join(f" {m:>{column}{form}}" for m in medians)
              + "".join(f" {statistics.median(q for q, _ in quotients[label]):>{column}.2f}" for label in others)
              + "   " + " | ".join(", ".join(f"{q:.2f}{'*' if before else ''}" for q, before in quotients[label])
                                   for label in others))


class OAuth2Line(NamedTuple):
    """What the OAuth 2.0 line found: the jars without one, (label, why); the labels measured; per (label, store) the
    single rounds and the level rounds; per label the token requests at its connection tests and in its warm-up, and
    those of all relays while measuring; the upstream's counts at the end; and how many messages each store (of all
    relays) was sent."""
    skipped: list
    labels: list
    singles: dict
    levels: dict
    tokens: dict
    tokens_measuring: int
    upstream: dict
    sent: dict


def measure_oauth2(args, relays, upstream):
    """The OAuth 2.0 line: configures each relay's pw and oauth stores (a jar that cannot log in with OAuth 2.0 is
    left out, saying so), warms them up one relay at a time, then measures single messages one after another and
    delivery at OAUTH2_CONCURRENCY, in rounds as measure() does: each round measures the direct path smtp-source ->
    the Python upstream once and then every relay's every store against it, in an order reversed from one round to
    the next, so that pw and oauth are as often first. Their quotient is taken per round."""
    skipped, tokens = [], {}
    for relay in relays:
        before = upstream.stats()["tokenRequests"]
        relay.configure_oauth2(upstream)
        if relay.oauth2:
            problems = upstream.new_problems()
            reason = relay.oauth2 + (f" ({problems})" if problems else "")
            upstream.accept_problems()                        # told here, and no reason to stop another relay's wait
            skipped.append((relay.label, reason))
            print(f"{relay.label}: no OAuth 2.0 line: {reason}", flush=True)
        else:
            tokens[relay.label] = [upstream.stats()["tokenRequests"] - before]
    measured = [relay for relay in relays if relay.oauth2 is None]
    for relay in measured:
        before = upstream.stats()["tokenRequests"]
        relay.warm_up_oauth2(args)
        tokens[relay.label].append(upstream.stats()["tokenRequests"] - before)
    before = upstream.stats()["tokenRequests"]
    pairs = [(relay, store, sender) for relay in measured for store, sender in OAUTH2_STORES]
    singles = {(relay.label, store): [] for relay, store, _ in pairs}
    levels = {(relay.label, store): [] for relay, store, _ in pairs}
    count, rounds = next((count, rounds) for pause, count, rounds in args.single_runs if pause == 0)
    turn = 0
    for _ in range(rounds if measured else 0):
        direct_single = min(smtp_source(upstream.smtp_port, SINGLES, 1, args.size)
                            for _ in range(DIRECT_RUNS)) / SINGLES
        direct_client = statistics.median(end - start for start, end in
                                          (single_session(upstream.smtp_port, args.size, 0) for _ in range(count)))
        for place, (relay, store, sender) in in_turn(pairs, turn):
            singles[relay.label, store].append(
                relay.single_round(args, 0, count, direct_single, direct_client, place, sender))
        turn += 1
    for _ in range(args.level_rounds if measured else 0):
        direct = direct_limit(args, OAUTH2_CONCURRENCY, upstream.smtp_port)
        for place, (relay, store, sender) in in_turn(pairs, turn):
            levels[relay.label, store].append(relay.level_round(args, OAUTH2_CONCURRENCY, direct, place, sender))
        turn += 1
    counts = upstream.stats()
    per_store = sum(args.oauth2_warmup) + rounds * count + args.level_rounds * args.messages
    return OAuth2Line(skipped, [relay.label for relay in measured], singles, levels, tokens,
                      counts["tokenRequests"] - before, counts,
                      {store: per_store * len(measured) for store, _ in OAUTH2_STORES})


def print_oauth2(line, compared):
    """Per relay with the OAuth 2.0 line, each figure's median over its rounds for pw and oauth, and oauth/pw in each
    round and their median; then the token endpoint's requests and what the upstream took over which login."""
    print("OAuth 2.0 line: on each relay a password store (pw, a password login) and an OAuth 2.0 store (oauth: "
          f"XOAUTH2, client credentials, the token cached), both against {UPSTREAM.name}; each round measures the "
          f"direct path smtp-source -> {UPSTREAM.name} once and then every store against it; oauth/pw: the oauth "
          "store's figure over the pw store's in each round (both against that round's direct figures) and the "
          "median of those; * marks the rounds in which oauth ran before pw")
    for label, reason in line.skipped:
        print(f"{label}: no OAuth 2.0 line: {reason}")
    if not line.labels:
        return
    some = line.labels[0]
    print(f"direct smtp-source -> {UPSTREAM.name}: a single message in "
          f"{statistics.median(r.direct for r in line.singles[some, 'pw']) * 1000:.2f} ms, "
          f"{statistics.median(r.direct for r in line.levels[some, 'pw']):.0f} msgs/s at concurrency "
          f"{OAUTH2_CONCURRENCY} (medians over the rounds of each one's best of {DIRECT_RUNS})")
    c = OAUTH2_CONCURRENCY
    figures = [("single, one after another: end to end ms", ".2f", line.singles, lambda r: r.relay * 1000),
               ("single, one after another: x direct", ".2f", line.singles, lambda r: r.relay / r.direct),
               (f"c={c} delivered msgs/s", ".0f", line.levels, lambda r: r.delivered),
               (f"c={c} delivered/direct", ".2f", line.levels, lambda r: r.delivered / r.direct),
               (f"c={c} latency p50 ms", ".1f", line.levels, lambda r: percentile(r.latencies, 50) * 1000),
               (f"c={c} latency p99 ms", ".1f", line.levels, lambda r: percentile(r.latencies, 99) * 1000)]
    prefix = {label: f"{label}: " if compared else "" for label in line.labels}
    width = max(len(prefix[label] + name) for label in line.labels for name, *_ in figures)
    print(f"{'':<{width}} {'pw':>8} {'oauth':>8} {'oauth/pw':>8}   oauth/pw per round")
    for label in line.labels:
        for name, form, rounds, value in figures:
            pw, oauth = rounds[label, "pw"], rounds[label, "oauth"]
            quotients = [(value(o) / value(p), o.place < p.place) for p, o in zip(pw, oauth)]
            print(f"{prefix[label] + name:<{width}} {statistics.median(value(r) for r in pw):>8{form}} "
                  f"{statistics.median(value(r) for r in oauth):>8{form}} "
                  f"{statistics.median(q for q, _ in quotients):>8.2f}   "
                  + ", ".join(f"{q:.2f}{'*' if first else ''}" for q, first in quotients))
    requests = "; ".join(f"{label}: {at_test} at its connection tests, {in_warm_up} in its warm-up"
                         for label, (at_test, in_warm_up) in line.tokens.items())
    print(f"token endpoint: {line.upstream['tokenRequests']} request(s) ({requests}; {line.tokens_measuring} while "
          "measuring): one per relay is its first token, which every later login takes from the cache")
    messages, logins = line.upstream["messages"], line.upstream["logins"]
    by_password = messages["LOGIN"] + messages["PLAIN"]
    print(f"{UPSTREAM.name}: {messages['XOAUTH2']} messages over XOAUTH2 logins (the oauth stores were sent "
          f"{line.sent['oauth']}), {by_password} over password logins (the pw stores: {line.sent['pw']}), "
          f"{messages['none']} without a login (the direct runs); logins, connection tests included: "
          f"{logins['XOAUTH2']} XOAUTH2, {logins['LOGIN']} LOGIN, {logins['PLAIN']} PLAIN")
    if messages["XOAUTH2"] != line.sent["oauth"] or by_password != line.sent["pw"]:
        print("  the upstream took other numbers of messages over each login than the stores were sent")
    print_late([(f"{prefix[label]}{store} at concurrency {c}, round {number}", *message) for label in line.labels
                for store, _ in OAUTH2_STORES for number, r in enumerate(line.levels[label, store], 1)
                for message in r.late])


def print_postfix(postfix, relay_singles, direct_rates):
    """Postfix against the relay of each jar (label: its single rounds per pause; one jar: its label is not shown)."""
    version, singles, rows = postfix
    # Postfix records deliveries to the second, and a file's time moves with the kernel's tick (up to 4 ms): for
    # single messages only the client's 250, which both relays give once the message is durable, is timed exactly.
    print(f"Postfix {version} as a relay, same run; single message on its own connection, connect to the 250:")
    for pause, seconds in singles.items():
        # Every jar's rounds hold the same direct times: a round measures the direct path once for all of them
        direct = statistics.median(r.direct for r in next(iter(relay_singles.values()))[pause])
        relays = []
        for label, rounds in relay_singles.items():
            relay_client = statistics.median(r.relay_client for r in rounds[pause])
            name = "store-relay" if len(relay_singles) == 1 else f"store-relay {label}"
            relays.append(f"{name} {relay_client * 1000:.2f} ms = {relay_client / seconds:.2f}x Postfix's time")
        print(f"  {single_pause_name(pause)}: Postfix {seconds * 1000:.2f} ms = {seconds / direct:.1f}x smtp-source "
              f"direct; " + "; ".join(relays))
    print(f"{'sessions':>8} {'direct/s':>9} {'accepted/s':>11} {'ratio':>6} {'delivered/s':>12} {'ratio':>6}")
    for sessions, accepted, delivered in rows:
        direct = direct_rates[sessions]
        print(f"{sessions:>8} {direct:>9.0f} {accepted:>11.0f} {accepted / direct:>6.2f} {delivered:>12.0f} "
              f"{delivered / direct:>6.2f}")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def parse_jars(given):
    """(label, path) per --jar: LABEL=PATH, or a bare path labelled with its file name; none: the default jar."""
    if not given:
        return [(JAR.name, JAR)]
    jars = []
    for text in given:
        label, equals, path = text.partition("=")
        if not equals or not re.fullmatch(r"[\w.+-]+", label):
            label, path = Path(text).name, text
        jars.append((label, Path(path).expanduser().resolve()))
    labels = [label for label, _ in jars]
    if len(set(labels)) < len(labels):
        raise SystemExit(f"two jars labelled alike ({', '.join(labels)}): name them, e.g. --jar old=PATH "
                         "--jar new=PATH")
    for label, path in jars:
        if not re.fullmatch(r"[\w.+-]+", label):
            raise SystemExit(f"label {label!r} of {path}: letters, digits and . _ + - only (it names the jar's log)")
        if not path.is_file():
            raise SystemExit(f"no jar {path} (benchmarks/build_jar_at.sh builds the jar of a commit)")
    return jars


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jar", action="append", metavar="[LABEL=]PATH",
                        help="the relay's jar; given several times, the jars are compared in one run (default: "
                             f"{JAR.relative_to(ROOT)}, built when missing)")
    parser.add_argument("--messages", type=int, help="messages per concurrency level (2000; --quick: "
                                                     f"{QUICK_MESSAGES})")
    parser.add_argument("--size", type=int, default=10240, help="message size in bytes")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--warmup", type=int, help="messages sent before measuring (JIT, pools; 20000; --quick: "
                                                   f"{QUICK_WARMUP})")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run of a few minutes: fewer messages, warm-up and rounds; its figures mean "
                             "little")
    parser.add_argument("--memory", action="store_true",
                        help="measure RSS with many idle connections and with one large message instead")
    parser.add_argument("--idle-connections", type=int, default=10000)
    parser.add_argument("--large-message-mib", type=int, default=100)
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra relay configuration, e.g. STORE_RELAY_DELIVERY_THREADS=16")
    parser.add_argument("--postfix", action="store_true",
                        help="also measure Postfix as a relay, the same way (root only; Debian's postfix package)")
    parser.add_argument("--oauth2", action="store_true",
                        help="also measure, on each jar that logs in with OAuth 2.0, an OAuth 2.0 store against a "
                             f"password store, both against {UPSTREAM.name} (the OAuth 2.0 line)")
    args = parser.parse_args()
    if args.messages is None:
        args.messages = QUICK_MESSAGES if args.quick else 2000
    if args.warmup is None:
        args.warmup = QUICK_WARMUP if args.quick else 20000
    args.singles_warmup = QUICK_SINGLES_WARMUP if args.quick else SINGLES_WARMUP
    args.single_runs = QUICK_SINGLE_RUNS if args.quick else SINGLE_RUNS
    args.level_rounds = QUICK_LEVEL_ROUNDS if args.quick else LEVEL_ROUNDS
    args.oauth2_warmup = QUICK_OAUTH2_WARMUP if args.quick else OAUTH2_WARMUP
    levels = [int(c) for c in args.concurrency.split(",")]
    if args.oauth2 and args.memory:
        raise SystemExit("--memory measures memory only; --oauth2 measures delivery")
    if args.postfix and os.geteuid() != 0:
        raise SystemExit("--postfix runs a private Postfix instance, whose master must run as root")
    jars = parse_jars(args.jar)
    compared = len(jars) > 1

    ensure_postfix_tools()
    if not args.jar and not JAR.exists():
        subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)

    work = Path(tempfile.mkdtemp(prefix="store-relay-bench-", dir=str(ROOT / "bootstrap" / "target")))
    sink_port = free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    sink = subprocess.Popen(["smtp-sink", *user, f"127.0.0.1:{sink_port}", "1024"], stdout=subprocess.DEVNULL)
    # One jar's files keep their plain names (data, relay.log, relay-benchmark.log); compared jars' carry the label.
    relays = [Relay(label, jar, work, f"-{label}" if compared else "") for label, jar in jars]
    upstream = None
    try:
        wait_for_port(sink_port)
        if args.memory:
            for relay in relays:
                if compared:
                    print(f"{relay.label} ({relay.jar}):")
                memory_benchmark(args, work, sink_port, relay.jar, f"-{relay.label}" if compared else "")
            return 0
        extra = dict(item.split("=", 1) for item in args.env)
        if args.oauth2:
            # Up from the start: the relays must be started trusting its certificate. Idle until its line.
            upstream = OAuth2Upstream(work)
            upstream.start()
            extra.update(upstream.relay_env())
        for relay in relays:
            relay.abort = upstream.new_problems if upstream else None
            relay.start(extra, sink_port)
        # One relay at a time, each until its warm-up's messages are delivered: a relay warming up beside another
        # would share the cores with it.
        for relay in relays:
            relay.warm_up(args)
        singles, rows = measure(args, relays, levels, sink_port)
        oauth2 = measure_oauth2(args, relays, upstream) if upstream else None
        postfix = measure_postfix(args, levels) if args.postfix else None

        print()
        print(f"store-relay benchmark: {args.messages} messages of {args.size} bytes per level, "
              f"{os.cpu_count()} cores, {datetime.now().isoformat(timespec='seconds')}")
        if compared:
            print("jars compared in interleaved rounds: "
                  + ", ".join(f"{relay.label} = {relay.jar}" for relay in relays))
        for relay in relays:
            if compared:
                print()
                print(f"== {relay.label}")
            print_singles(singles[relay.label])
            print_levels(rows[relay.label])
        if compared:
            print()
            print_comparison(relays, singles, rows)
        if oauth2:
            print()
            print_oauth2(oauth2, compared)
        if postfix:
            first = relays[0].label
            print_postfix(postfix, {relay.label: singles[relay.label] for relay in relays},
                          {sessions: statistics.median(r.direct for r in rounds) for sessions, rounds in rows[first]})
    finally:
        for relay in relays:
            relay.stop(compared)
        if upstream:
            upstream.stop()
        sink.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
