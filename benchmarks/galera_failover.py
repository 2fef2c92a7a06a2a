#!/usr/bin/env python3
"""A relay on a three-node MariaDB Galera cluster, the node it writes to killed with SIGKILL under load.

Starts a cluster from Debian's packages (mariadb-server, galera-4, rsync; installed with apt-get when missing) on
loopback in a temporary directory: three mariadbd processes as the user mysql, each with its own data directory,
ports and socket, the first bootstrapping the cluster (--wsrep-new-cluster), the others joining it by an rsync state
transfer. Creates the relay's database and login on it and starts the relay's jar with

    STORE_RELAY_DB_URL=jdbc:mariadb:sequential://127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>/storerelay

so that every connection goes to the first node that answers. The relay's upstream is Postfix's smtp-sink, which
writes each message it takes to a file of its own (-d): the files say which messages arrived, and how often.

A load of Python smtplib clients sends messages, each to a recipient of its own, and records which got a 250
(acknowledged) and which were refused (a 4xx or 5xx reply, or a broken connection; not sent again). Once --kill-after
messages are acknowledged, the node the relay's connections are on (information_schema.PROCESSLIST on each node) is
killed with SIGKILL; the load goes on to --messages, then the script waits until the relay's queue is empty and
prints acknowledged / delivered / duplicated / refused, the failover time (first refusal to the first 250 after it;
and the pause of the 250s) and a verdict: every acknowledged message delivered, and whether every duplicate was in
flight at the kill: its SMTP transaction open between the kill and the relay's first 250 after the pause, or its first
copy upstream in that time (give or take a second: outcomes are recorded a few milliseconds after the upstream's 250).

With --rejoin it then starts the killed node again and, once the driver no longer avoids it, sends as many messages
again at three times the concurrency, so that the relay's pool opens connections: new ones go to the returned node,
the older ones stay where they are, and the relay writes through two nodes for a while. With --quorum-loss it then
kills every node but the relay's: that one has no quorum and refuses every statement (WSREP has not yet prepared node
for application use), so the relay answers 451; then it bootstraps that node as a new primary component
(pc.bootstrap=YES) and shows the relay taking mail again. --url-options adds driver options to the relay's URL (e.g.
sessionVariables=wsrep_sync_wait=1).

Run from the repository root, as root (the nodes run as mysql, Postfix's smtp-sink as nobody):

    python3 benchmarks/galera_failover.py                          # 3,000 messages at concurrency 8, kill after 1,000
    python3 benchmarks/galera_failover.py --messages 6000 --kill-after 3000 --concurrency 16
    python3 benchmarks/galera_failover.py --rejoin --quorum-loss    # then the node's return, then no quorum
    python3 benchmarks/galera_failover.py --keep                    # leave the directory (logs, data) for inspection

Debian's own mariadb service is not used: when its install started it, or it runs, it is stopped with its init
script (or systemctl); nothing else on the machine is touched. Every process the script started is stopped and its
directory removed at the end, also after Ctrl-C or a failure (--keep leaves the directory).
"""
import argparse
import os
import re
import secrets
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from pathlib import Path

from relay_benchmark import ADMIN_PASSWORD, JAR, ROOT, Api, ensure_postfix_tools, free_port, wait_for_port

GALERA_PROVIDER = Path("/usr/lib/galera/libgalera_smm.so")
SCHEMA = "storerelay"
DB_USER = "storerelay"
# What EmbeddedAccounts grants the relay's login on its own schema: its tables, and Flyway's changes to them.
DB_PRIVILEGES = ("SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, CREATE TEMPORARY TABLES, "
                 "LOCK TABLES, TRIGGER")
DEBIAN_PID_FILE = Path("/run/mysqld/mysqld.pid")
# A message delivered upstream whose outcome the relay could not record is sent again when its lease lapses; a short
# lease keeps the wait for such messages short (PT5M by default). The upstream timeout must be under half of it.
LEASE = "PT30S"
UPSTREAM_TIMEOUT = "PT10S"
# A duplicate counts as in flight when its first copy reached the upstream at most this long before the kill (the
# relay records outcomes a few milliseconds after the upstream's 250) or before the relay acknowledged again.
IN_FLIGHT_MARGIN = 1.0
SENDER = "erp@legacy.example"
RECIPIENT = "m{:07d}@galera.example"
RECIPIENT_PATTERN = re.compile(rb"^X-Rcpt-Args: <m(\d+)@galera\.example>", re.MULTILINE)
END_MARK = b"end of message "
# --quorum-loss: messages sent at once while the last node has no quorum, and one after another after it was
# bootstrapped; they are numbered from here on, after the failover's.
QUORUM_MESSAGES = 5
BOOTSTRAPPED_MESSAGES = 20
QUORUM_FIRST = 8_000_000
# --rejoin: its load is numbered from here on
REJOIN_FIRST = 5_000_000
# How long the driver avoids a node after a connection to it failed (Connector/J's deniedListTimeout, 60 s by default),
# and a little more
DENIED_FOR = 65

# Each node's configuration. Everything it needs is here: mariadbd reads this file only (--defaults-file), not
# Debian's /etc/mysql.
NODE_CNF = """\
[mysqld]
datadir = {datadir}
socket = {socket}
pid-file = {dir}/mariadbd.pid
log-error = {dir}/error.log
port = {sql_port}
bind-address = 127.0.0.1
skip-name-resolve
innodb_buffer_pool_size = 64M
# Galera replicates row events of InnoDB tables; interleaved auto-increment locks, as certification needs
binlog_format = ROW
default_storage_engine = InnoDB
innodb_autoinc_lock_mode = 2
wsrep_on = ON
wsrep_provider = {provider}
wsrep_cluster_name = store-relay-failover
wsrep_cluster_address = gcomm://{cluster}
wsrep_node_name = node{number}
wsrep_node_address = 127.0.0.1:{galera_port}
wsrep_node_incoming_address = 127.0.0.1:{sql_port}
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:{galera_port};ist.recv_addr=127.0.0.1:{ist_port};gcache.size=64M"
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:{sst_port}
"""


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def ensure_packages():
    """mariadbd, the Galera provider and rsync (the state transfer), and ss, which the transfer's script uses to see
    its rsync daemon listen: installed with apt-get when missing."""
    missing = []
    if not shutil.which("mariadbd", path="/usr/sbin:/usr/bin"):
        missing.append("mariadb-server")
    if not GALERA_PROVIDER.exists():
        missing.append("galera-4")
    if not shutil.which("rsync"):
        missing.append("rsync")
    if not shutil.which("ss") and not shutil.which("lsof"):
        missing.append("iproute2")
    if not missing:
        return False
    if not shutil.which("apt-get"):
        raise SystemExit(f"missing: {', '.join(missing)} (Debian packages)")
    log(f"installing {' '.join(missing)} ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    command = ["apt-get", "install", "-y", "-qq", *missing]
    if subprocess.run(command, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return True


def debian_service_pid():
    """The pid of Debian's own MariaDB server (its init script's pid file), if it runs."""
    try:
        pid = int(DEBIAN_PID_FILE.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError):
        return None


def stop_debian_service():
    """Debian's mariadb service is not part of the test: installing the package may have started it (where services
    may start). It is stopped through its own init system, and only it."""
    pid = debian_service_pid()
    if pid is None:
        return
    log(f"stopping Debian's mariadb service (pid {pid}): the cluster runs servers of its own")
    if Path("/run/systemd/system").is_dir():
        subprocess.run(["systemctl", "stop", "mariadb"], check=True)
    else:
        # invoke-rc.d would ask policy-rc.d, which in containers refuses everything
        subprocess.run(["/etc/init.d/mariadb", "stop"], check=True, stdout=subprocess.DEVNULL)
    if debian_service_pid() is not None:
        raise SystemExit("Debian's mariadb service is still running; stop it and run the script again")


def stop_process(process, name, timeout=60):
    """SIGTERM, then SIGKILL after `timeout` seconds; for a process started in its own session, its whole group
    (mariadbd's state-transfer scripts and their rsync) goes with it."""
    if process is None or process.poll() is not None:
        return
    try:
        process.terminate()
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop within {timeout}s; killing it")
        process.kill()
        process.wait(timeout=30)


def kill_group(process):
    """Whatever is left of the process group of a process started with its own session (rsync of a state transfer)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class Node:
    """One mariadbd of the cluster: its own directory (data directory, socket, error log), SQL, Galera replication
    (gcomm), incremental and full state-transfer ports on loopback."""

    def __init__(self, number, base):
        self.number = number
        self.name = f"node{number}"
        self.dir = base / self.name
        self.datadir = self.dir / "data"
        self.socket = self.dir / "mariadbd.sock"
        self.cnf = self.dir / "my.cnf"
        self.sql_port, self.galera_port, self.ist_port, self.sst_port = (free_port() for _ in range(4))
        self.process = None
        self.killed_at = None

    def configure(self, cluster):
        self.datadir.mkdir(parents=True)
        self.cnf.write_text(NODE_CNF.format(datadir=self.datadir, socket=self.socket, dir=self.dir,
                                            sql_port=self.sql_port, provider=GALERA_PROVIDER, cluster=cluster,
                                            number=self.number, galera_port=self.galera_port, ist_port=self.ist_port,
                                            sst_port=self.sst_port))
        shutil.chown(self.dir, "mysql", "mysql")
        shutil.chown(self.datadir, "mysql", "mysql")

    def install_system_tables(self):
        """The first node's system tables; the others get everything by the state transfer. The OS user root logs in
        as root through the socket (unix_socket authentication)."""
        done = subprocess.run(["mariadb-install-db", "--no-defaults", "--user=mysql", f"--datadir={self.datadir}",
                               "--skip-test-db"], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"mariadb-install-db failed for {self.name}:\n{(done.stderr or done.stdout)[-2000:]}")

    def start(self, new_cluster=False):
        # As the user mysql: as root, the rsync state transfer fails. Its own session, so that the terminal's Ctrl-C
        # reaches the script only, which stops everything in order.
        command = ["mariadbd", f"--defaults-file={self.cnf}", "--user=mysql"]
        if new_cluster:
            command.append("--wsrep-new-cluster")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def sql(self, statements, check=True):
        """Runs SQL as root through the node's socket (statements on stdin: a password never shows in `ps`);
        returns the rows, tab-separated, or None when it failed and `check` is off."""
        done = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "-N", "-B"],
                              input=statements, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            if check:
                raise SystemExit(f"SQL on {self.name} failed: {done.stderr.strip()}")
            return None
        return [line.split("\t") for line in done.stdout.splitlines()]

    def sql_error(self, statement):
        """The error a statement gets on this node, or None if it succeeds."""
        done = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "-N", "-B"],
                              input=statement, capture_output=True, text=True, timeout=60)
        return done.stderr.strip() if done.returncode != 0 else None

    def status(self):
        """The node's wsrep status variables, or {} while it does not answer."""
        rows = self.sql("SHOW GLOBAL STATUS LIKE 'wsrep_%'", check=False) if self.socket.exists() else None
        return {row[0]: row[1] for row in rows or [] if len(row) == 2}

    def relay_connections(self):
        rows = self.sql(f"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '{DB_USER}'", check=False)
        return int(rows[0][0]) if rows else 0

    def wait_synced(self, cluster_size, timeout=300):
        deadline = time.time() + timeout
        status = {}
        while time.time() < deadline:
            if not self.alive():
                raise SystemExit(f"{self.name} ended (exit status {self.process.returncode}); see its log:\n"
                                 + self.error_log_tail())
            status = self.status()
            if (status.get("wsrep_local_state_comment") == "Synced" and status.get("wsrep_ready") == "ON"
                    and status.get("wsrep_cluster_size") == str(cluster_size)):
                return
            time.sleep(0.5)
        raise SystemExit(f"{self.name} not synced in a cluster of {cluster_size} after {timeout}s (state "
                         f"{status.get('wsrep_local_state_comment')}, size {status.get('wsrep_cluster_size')}):\n"
                         + self.error_log_tail())

    def error_log_tail(self, lines=30):
        path = self.dir / "error.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else "(no log)"

    def kill(self):
        """SIGKILL, as a machine that dies: no goodbye to the cluster, connections just break."""
        self.killed_at = time.time()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process is not None:
            stop_process(self.process, self.name)
            kill_group(self.process)


class Sink:
    """Postfix's smtp-sink, which writes every message it takes to a file of its own: each file names the message's
    recipient, and its time of modification is when the message arrived (to the kernel's tick)."""

    def __init__(self, base):
        self.dumps = base / "upstream"
        self.dumps.mkdir()
        self.dumps.chmod(0o777)                                # the sink runs as nobody
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(["smtp-sink", "-u", "nobody", "-d", f"{self.dumps}/%H%M%S.",
                                         f"127.0.0.1:{self.port}", "256"], stdout=subprocess.DEVNULL,
                                        start_new_session=True)
        wait_for_port(self.port, process=self.process)

    def deliveries(self):
        """{message number: [arrival times, sorted]} of the complete messages the sink has taken."""
        found = {}
        for dump in self.dumps.iterdir():
            content = dump.read_bytes()
            match = RECIPIENT_PATTERN.search(content)
            if match and END_MARK in content:
                found.setdefault(int(match.group(1)), []).append(dump.stat().st_mtime)
        return {number: sorted(times) for number, times in found.items()}

    def stop(self):
        stop_process(self.process, "smtp-sink", timeout=10)


class Outcome:
    """One message of the load: when its SMTP transaction began and ended, and the reply (None: acknowledged)."""
    __slots__ = ("started", "ended", "refusal")

    def __init__(self, started, ended, refusal):
        self.started, self.ended, self.refusal = started, ended, refusal


class Load:
    """`concurrency` clients, each on a connection of its own (a new one after a failure), sending messages numbered
    from `first` until `stop()` or until `last` was taken. A message is sent once: a refusal is recorded, not retried,
    so that every delivery can be told apart."""

    def __init__(self, port, concurrency, first, last, run_id):
        self.port = port
        self.concurrency = concurrency
        self.next = first
        self.last = last
        self.run_id = run_id
        self.outcomes = {}
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = []

    def start(self):
        for number in range(self.concurrency):
            thread = threading.Thread(target=self.client, name=f"client-{number}", daemon=True)
            thread.start()
            self.threads.append(thread)

    def take(self):
        with self.lock:
            if self.stopping.is_set() or self.next > self.last:
                return None
            self.next += 1
            return self.next - 1

    def message(self, number):
        return (f"From: <{SENDER}>\r\nTo: <{RECIPIENT.format(number)}>\r\nSubject: failover test {number}\r\n"
                f"Message-ID: <failover-{self.run_id}-{number}@client.example>\r\n\r\n"
                + "Some text of an order confirmation.\r\n" * 20 + f"{END_MARK.decode()}{number}\r\n").encode()

    def client(self):
        connection = None
        while (number := self.take()) is not None:
            started = time.time()
            refusal = None
            try:
                if connection is None:
                    connection = smtplib.SMTP("127.0.0.1", self.port, local_hostname="load.example", timeout=120)
                connection.sendmail(SENDER, [RECIPIENT.format(number)], self.message(number))
            except smtplib.SMTPRecipientsRefused as refused:
                code, text = next(iter(refused.recipients.values()))
                refusal = f"{code} {text.decode(errors='replace')}"
            except smtplib.SMTPResponseException as refused:
                refusal = f"{refused.smtp_code} {refused.smtp_error.decode(errors='replace')}"
            except (smtplib.SMTPException, OSError) as broken:
                refusal = f"connection: {type(broken).__name__} {broken}"
            ended = time.time()
            with self.lock:
                self.outcomes[number] = Outcome(started, ended, refusal)
            if refusal is not None and connection is not None:
                try:
                    connection.close()
                finally:
                    connection = None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()

    def acknowledged_count(self):
        with self.lock:
            return sum(1 for outcome in self.outcomes.values() if outcome.refusal is None)

    def done(self):
        return all(not thread.is_alive() for thread in self.threads)

    def stop(self):
        self.stopping.set()

    def join(self, timeout=None):
        for thread in self.threads:
            thread.join(timeout)


class Relay:
    def __init__(self, base, jar, cluster_url, password, sink_port):
        self.dir = base / "relay"
        self.log_path = base / "relay.log"
        self.jar = jar
        self.smtp_port, self.admin_port = free_port(), free_port()
        self.env = dict(os.environ, STORE_RELAY_DATA_DIR=str(self.dir), STORE_RELAY_SMTP_PORT=str(self.smtp_port),
                        STORE_RELAY_ADMIN_PORT=str(self.admin_port), STORE_RELAY_ADMIN_PASSWORD=ADMIN_PASSWORD,
                        STORE_RELAY_HOSTNAME="relay.failover", STORE_RELAY_DB_URL=cluster_url,
                        STORE_RELAY_DB_USER=DB_USER, STORE_RELAY_DB_PASSWORD=password,
                        STORE_RELAY_DELIVERY_LEASE=LEASE, STORE_RELAY_UPSTREAM_TIMEOUT=UPSTREAM_TIMEOUT)
        self.sink_port = sink_port
        self.process = None
        self.api = Api(self.admin_port)

    def start(self):
        with open(self.log_path, "w") as out:
            self.process = subprocess.Popen(["java", "-jar", str(self.jar)], env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.smtp_port, timeout=180, process=self.process)
        wait_for_port(self.admin_port, timeout=60, process=self.process)
        self.api.call("PUT", "/api/units/company", {"name": "Company", "parentId": None})
        self.api.call("PUT", "/api/units/company/smtp", {"serverAddress": "127.0.0.1", "port": self.sink_port,
                                                           "outgoingEmailAddress": "shop@failover.example"})

    def counts(self):
        try:
            return self.api.call("GET", "/api/messages/counts")
        except (urllib.error.URLError, OSError):
            return None

    def wait_drained(self, timeout):
        """Waits until nothing is queued or held (messages whose outcome was lost come back when their lease lapses);
        returns the last counts."""
        deadline = time.time() + timeout
        counts = None
        while time.time() < deadline:
            counts = self.counts()
            if counts and counts.get("QUEUED", 0) == 0 and counts.get("HELD", 0) == 0:
                return counts
            time.sleep(1)
        raise SystemExit(f"the relay's queue is not empty after {timeout}s: {counts}")

    def problems(self):
        """The relay's warnings and errors: (first line of each, how often), most frequent first."""
        if not self.log_path.exists():
            return []
        seen = {}
        for line in self.log_path.read_text(errors="replace").splitlines():
            if " WARN " in line or " ERROR " in line:
                # without the time, the thread and ids, so that repeats count together
                key = re.sub(r"^\S+\s+(WARN|ERROR)\s+\[[^]]*\]\s+", r"\1 ", line)
                key = re.sub(r"@[0-9a-f]+|\b\d{4,}\b", "…", key)[:200]
                seen[key] = seen.get(key, 0) + 1
        return sorted(seen.items(), key=lambda item: -item[1])

    def deadlocks(self):
        """How often the relay's log mentions a deadlock (a certification conflict between two nodes is one)."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return len(re.findall(r"(?i)deadlock", text))

    def stop(self):
        stop_process(self.process, "the relay")


def writer_node(nodes):
    """The node the relay's connections are on: the most of its connections in PROCESSLIST, with all counts."""
    counts = {node.name: node.relay_connections() for node in nodes if node.alive()}
    writer = max((node for node in nodes if node.alive()), key=lambda node: counts[node.name])
    return writer, counts


def relative(moment, zero):
    return f"{moment - zero:+.2f} s"


def report_failover(load, sink, relay, killed, counts_before, args):
    """The figures and the verdict of the failover phase; returns whether every acknowledged message arrived and
    every duplicate was in flight."""
    kill = killed.killed_at
    outcomes = load.outcomes
    acknowledged = {n for n, o in outcomes.items() if o.refusal is None}
    refused = {n: o for n, o in outcomes.items() if o.refusal is not None}
    deliveries = sink.deliveries()
    delivered = {n for n in deliveries if n in outcomes}
    lost = sorted(acknowledged - delivered)
    duplicates = {n: times for n, times in deliveries.items() if len(times) > 1}
    refused_delivered = sorted(n for n in refused if n in deliveries)

    # Failover: the first refusal after the kill and the first acknowledgement after it; and the pause of the
    # acknowledgements around the kill (the longest gap between consecutive 250s after it).
    acks = sorted(o.ended for o in outcomes.values() if o.refusal is None)
    refusals = sorted(o.ended for o in refused.values())
    first_refusal = next((t for t in refusals if t >= kill), None)
    after_refusal = next((t for t in acks if first_refusal is not None and t > first_refusal), None)
    last_before = max((t for t in acks if t < kill), default=kill)
    first_after = next((t for t in acks if t >= kill), None)
    gaps = [(b - a, a, b) for a, b in zip(acks, acks[1:]) if b >= kill]
    longest = max(gaps, default=None)
    # The relay writes again from the first acknowledgement after the longest pause that followed the kill.
    resumed = longest[2] if longest else first_after or kill

    def in_flight(number):
        outcome = outcomes.get(number)
        first = deliveries[number][0]
        open_at_kill = outcome is not None and outcome.started <= resumed and outcome.ended >= kill
        delivered_then = kill - IN_FLIGHT_MARGIN <= first <= resumed + IN_FLIGHT_MARGIN
        return open_at_kill or delivered_then

    flying = {n for n in duplicates if in_flight(n)}
    extra_copies = sum(len(times) - 1 for times in duplicates.values())
    open_at_kill = sum(1 for o in outcomes.values() if o.started <= kill <= o.ended)

    print()
    print(f"store-relay on a 3-node Galera cluster: {args.messages} messages at concurrency {args.concurrency}, "
          f"{killed.name} (the relay's writer; its connections per node before: {counts_before}) killed with "
          f"SIGKILL after {args.kill_after} acknowledged; {open_at_kill} SMTP transactions were open at the kill")
    print(f"  acknowledged (250):                {len(acknowledged)}")
    print(f"  refused (4xx/5xx/connection):      {len(refused)}"
          + (f"  ({summarise([o.refusal for o in refused.values()])})" if refused else ""))
    print(f"  delivered (distinct messages):     {len(delivered)}   of them acknowledged: "
          f"{len(acknowledged & delivered)}, refused but delivered all the same: {len(refused_delivered)}")
    print(f"  duplicated (messages, extra copies): {len(duplicates)}, {extra_copies}   in flight at the kill: "
          f"{len(flying)}")
    print(f"  acknowledged but not delivered:    {len(lost)}" + (f"  {lost[:20]}" if lost else ""))
    if first_refusal is not None:
        print(f"  failover: first refusal {relative(first_refusal, kill)} after the kill, first acknowledgement "
              f"after it {relative(after_refusal, kill) if after_refusal else 'never'}: "
              + (f"{after_refusal - first_refusal:.2f} s" if after_refusal else "no acknowledgement after it"))
    else:
        print("  failover: no message refused")
    if longest:
        print(f"  acknowledgements paused {longest[0]:.2f} s, from {relative(longest[1], kill)} to "
              f"{relative(longest[2], kill)} (last 250 before the kill {relative(last_before, kill)}, first after "
              f"{relative(first_after, kill)})")
    for number in sorted(duplicates):
        outcome = outcomes.get(number)
        submitted = (f"submitted {relative(outcome.started, kill)} to {relative(outcome.ended, kill)} "
                     f"({'250' if outcome.refusal is None else outcome.refusal[:60]})") if outcome else "not sent?"
        print(f"    duplicate m{number:07d}: {submitted}; arrived "
              + ", ".join(relative(t, kill) for t in duplicates[number])
              + ("" if number in flying else "   NOT IN FLIGHT"))
    for number in refused_delivered[:10]:
        outcome = outcomes[number]
        print(f"    refused but delivered m{number:07d}: submitted {relative(outcome.started, kill)} to "
              f"{relative(outcome.ended, kill)} ({outcome.refusal[:80]}); arrived "
              + ", ".join(relative(t, kill) for t in deliveries[number]))
    counts = relay.counts()
    print(f"  the relay's queue afterwards: {counts}")
    every = not lost
    only_in_flight = len(flying) == len(duplicates)
    print(f"every acknowledged message delivered: {'yes' if every else 'NO'}; duplicates: {len(duplicates)}, "
          + ("none" if not duplicates else "all in flight at the kill" if only_in_flight
             else f"{len(duplicates) - len(flying)} NOT in flight"))
    return every and only_in_flight


def summarise(refusals):
    kinds = {}
    for refusal in refusals:
        kind = refusal[:90]
        kinds[kind] = kinds.get(kind, 0) + 1
    return "; ".join(f"{count}× {kind}" for kind, count in sorted(kinds.items(), key=lambda item: -item[1]))


def quorum_loss(nodes, relay, sink, run_id):
    """Kills every node but the relay's: the last one is alone, without quorum, and refuses statements; the relay
    answers 451. Then that node is bootstrapped as a new primary component and the relay takes (and delivers) mail
    again. Returns whether it did."""
    # The nodes the relay does not write to go: its connections stay, on a node that has lost its quorum
    last, counts = writer_node(nodes)
    victims = [node for node in nodes if node.alive() and node is not last]
    print()
    log(f"quorum loss: killing {', '.join(node.name for node in victims)} with SIGKILL; {last.name}, where the "
        f"relay's connections are ({counts}), is left alone")
    for victim in victims:
        victim.kill()
    victim = victims[-1]
    deadline = time.time() + 60
    status = {}
    while time.time() < deadline:
        status = last.status()
        if status.get("wsrep_cluster_status") == "non-Primary":
            break
        time.sleep(0.2)
    print(f"  {last.name} after {time.time() - victim.killed_at:.1f} s: wsrep_cluster_status="
          f"{status.get('wsrep_cluster_status')}, wsrep_cluster_size={status.get('wsrep_cluster_size')}, "
          f"wsrep_ready={status.get('wsrep_ready')}, wsrep_local_state_comment="
          f"{status.get('wsrep_local_state_comment')}")
    error = last.sql_error(f"INSERT INTO {SCHEMA}.configuration_version VALUES (99, 1)") or "(no error)"
    print(f"  a write on {last.name}: {error.splitlines()[-1]}")
    without = send(relay, QUORUM_FIRST, QUORUM_MESSAGES, QUORUM_MESSAGES, run_id)
    print(f"  {QUORUM_MESSAGES} messages sent at once meanwhile: {describe(without)}")

    log(f"bootstrapping {last.name} as a new primary component (SET GLOBAL wsrep_provider_options='pc.bootstrap=YES')")
    bootstrapped = time.time()
    last.sql("SET GLOBAL wsrep_provider_options = 'pc.bootstrap=YES'")
    last.wait_synced(1, timeout=60)
    print(f"  {last.name} primary and synced after {time.time() - bootstrapped:.1f} s")
    # One message after another, as a legacy system retries, until the relay takes one; then a few more
    number = QUORUM_FIRST + QUORUM_MESSAGES
    waiting = {}
    while time.time() - bootstrapped < 180:
        outcome = send(relay, number, 1, 1, run_id)
        waiting.update(outcome)
        number += 1
        if outcome[number - 1].refusal is None:
            break
    first_ack = max(o.ended for o in waiting.values() if o.refusal is None) if any(
        o.refusal is None for o in waiting.values()) else None
    print(f"  the relay acknowledged again {first_ack - bootstrapped:.1f} s after the bootstrap"
          if first_ack else "  the relay did not acknowledge a message within 180 s of the bootstrap")
    print(f"  until then: {describe(waiting)}")
    again = send(relay, number, BOOTSTRAPPED_MESSAGES, 1, run_id)
    relay.wait_drained(120)
    time.sleep(1)
    arrived = set(sink.deliveries())
    acknowledged = {n for n, o in {**waiting, **again}.items() if o.refusal is None}
    print(f"  then {BOOTSTRAPPED_MESSAGES} messages one after another: {describe(again)}; of all acknowledged "
          f"after the bootstrap {len(acknowledged & arrived)} of {len(acknowledged)} delivered; of those refused "
          f"without quorum {len(set(without) & arrived)} delivered")
    return first_ack is not None and acknowledged <= arrived and all(o.refusal is None for o in again.values())


def rejoin(nodes, killed, relay, sink, args, run_id):
    """Starts the killed node again on its data directory and, once it is synced and the driver no longer avoids it
    (DENIED_FOR after the failure), sends --messages more at three times the concurrency, so that the relay's pool
    opens connections: new ones go to the first node of the URL, the returned one, while the older ones stay where
    they are. Shows where the connections are, and whether the relay, writing through two nodes, loses or duplicates
    anything. Returns whether every acknowledged message of this load arrived exactly once."""
    print()
    log(f"rejoin: starting {killed.name} again, {time.time() - killed.killed_at:.0f} s after its kill")
    restarted = time.time()
    killed.start()
    killed.wait_synced(3, timeout=600)
    transfer = "IST" if "IST received" in (killed.dir / "error.log").read_text(errors="replace") else "SST"
    log(f"{killed.name} synced by {transfer} {time.time() - restarted:.1f} s after its start; the relay's connections "
        f"per node {writer_node(nodes)[1]}")
    wait = killed.killed_at + DENIED_FOR - time.time()
    if wait > 0:
        log(f"waiting {wait:.0f} s: the driver avoids a node for {DENIED_FOR} s after a failure (deniedListTimeout)")
        time.sleep(wait)
    concurrency = args.concurrency * 3
    load = Load(relay.smtp_port, concurrency, REJOIN_FIRST, REJOIN_FIRST + args.messages - 1, run_id)
    started = time.time()
    deadlocks_before = relay.deadlocks()
    load.start()
    spread = []
    while not load.done():
        spread.append((time.time() - started, writer_node(nodes)[1]))
        time.sleep(0.5)
    load.join()
    elapsed = time.time() - started
    relay.wait_drained(timeout=600)
    time.sleep(1)
    deliveries = sink.deliveries()
    outcomes = load.outcomes
    acknowledged = {n for n, o in outcomes.items() if o.refusal is None}
    arrived = {n for n in deliveries if n in outcomes}
    duplicates = {n: deliveries[n] for n in arrived if len(deliveries[n]) > 1}
    print(f"  {args.messages} messages at concurrency {concurrency} in {elapsed:.1f} s; the relay's connections per "
          f"node, sampled: " + "; ".join(f"+{at:.0f} s {counts}" for at, counts in spread[::max(1, len(spread) // 6)]))
    print(f"  {describe(outcomes)}; delivered {len(arrived & acknowledged)} of the acknowledged, duplicated "
          f"{len(duplicates)}; deadlocks in the relay's log since (those its retries did not overcome; a retry "
          f"itself is logged at DEBUG): {relay.deadlocks() - deadlocks_before}")
    for number in sorted(duplicates)[:10]:
        outcome = outcomes[number]
        print(f"    duplicate m{number:07d}: submitted {relative(outcome.started, started)} to "
              f"{relative(outcome.ended, started)}; arrived " + ", ".join(relative(t, started) for t in duplicates[number]))
    return acknowledged <= arrived and not duplicates


def describe(outcomes):
    refused = [o.refusal for o in outcomes.values() if o.refusal is not None]
    return (f"{len(outcomes) - len(refused)} acknowledged, {len(refused)} refused"
            + (f" ({summarise(refused)})" if refused else ""))


def send(relay, first, count, concurrency, run_id):
    """`count` messages numbered from `first` through `concurrency` clients; their outcomes."""
    batch = Load(relay.smtp_port, concurrency, first, first + count - 1, run_id)
    batch.start()
    batch.join()
    return batch.outcomes


def interrupted(signum, frame):
    """SIGTERM ends the script as Ctrl-C does: through the clean-up, which stops what it started."""
    raise KeyboardInterrupt


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=3000, help="messages sent in all (3000)")
    parser.add_argument("--concurrency", type=int, default=8, help="clients sending at once (8)")
    parser.add_argument("--kill-after", type=int, default=1000,
                        help="acknowledged messages before the writer node is killed (1000)")
    parser.add_argument("--jar", type=Path, default=JAR,
                        help=f"the relay's jar ({JAR.relative_to(ROOT)}, built when missing)")
    parser.add_argument("--url-options", metavar="NAME=VALUE&…",
                        help="driver options appended to the relay's URL after '?', e.g. deniedListTimeout=5000")
    parser.add_argument("--rejoin", action="store_true",
                        help="then start the killed node again and, once the relay may connect to it, send --messages more")
    parser.add_argument("--quorum-loss", action="store_true",
                        help="then kill a second node, show the relay without quorum and after a bootstrap")
    parser.add_argument("--keep", action="store_true", help="leave the temporary directory (logs, data) behind")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the nodes run as the user mysql, smtp-sink as nobody")
    if not 0 < args.kill_after < args.messages:
        raise SystemExit("--kill-after must be between 0 and --messages")

    ensure_postfix_tools()
    ensure_packages()
    stop_debian_service()
    if args.jar == JAR and not JAR.exists():
        subprocess.run([str(ROOT / "mvnw"), "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    if not args.jar.exists():
        raise SystemExit(f"no jar {args.jar}")

    base = Path(tempfile.mkdtemp(prefix="store-relay-galera-"))
    base.chmod(0o755)                                          # the nodes run as mysql, the sink as nobody
    nodes = [Node(number, base) for number in (1, 2, 3)]
    sink = Sink(base)
    relay = None
    load = None
    signal.signal(signal.SIGTERM, interrupted)
    ok = False
    try:
        cluster = ",".join(f"127.0.0.1:{node.galera_port}" for node in nodes)
        for node in nodes:
            node.configure(cluster)
        log(f"starting a Galera cluster in {base}: {cluster}")
        nodes[0].install_system_tables()
        nodes[0].start(new_cluster=True)
        nodes[0].wait_synced(1)
        for size, node in enumerate(nodes[1:], start=2):
            node.start()                                       # one at a time: each is a state transfer from a donor
            node.wait_synced(size)
        for node in nodes:
            node.wait_synced(3)
        status = nodes[0].status()
        log(f"cluster of {status['wsrep_cluster_size']} synced ({status.get('wsrep_provider_version')}, "
            f"{nodes[0].sql('SELECT VERSION()')[0][0]})")

        password = secrets.token_urlsafe(24)
        nodes[0].sql(f"CREATE DATABASE {SCHEMA} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;\n"
                     f"CREATE USER '{DB_USER}'@'127.0.0.1' IDENTIFIED BY '{password}';\n"
                     f"GRANT {DB_PRIVILEGES} ON {SCHEMA}.* TO '{DB_USER}'@'127.0.0.1';\n")
        url = (f"jdbc:mariadb:sequential://{','.join(f'127.0.0.1:{node.sql_port}' for node in nodes)}/{SCHEMA}"
               + (f"?{args.url_options}" if args.url_options else ""))
        sink.start()
        relay = Relay(base, args.jar, url, password, sink.port)
        log(f"starting the relay on {url}")
        relay.start()

        run_id = secrets.token_hex(4)
        load = Load(relay.smtp_port, args.concurrency, 1, args.messages, run_id)
        started = time.time()
        load.start()
        while load.acknowledged_count() < args.kill_after:
            if load.done():
                raise SystemExit(f"the load ended with {load.acknowledged_count()} acknowledged, before "
                                 f"{args.kill_after}: {summarise([o.refusal for o in load.outcomes.values() if o.refusal])}")
            time.sleep(0.01)
        writer, counts_before = writer_node(nodes)
        writer.kill()
        log(f"{load.acknowledged_count()} acknowledged after {writer.killed_at - started:.1f} s: killed {writer.name} "
            f"(pid {writer.process.pid}) with SIGKILL; the relay's connections per node were {counts_before}")
        survivors = [node for node in nodes if node.alive()]
        while True:
            status = survivors[0].status()
            if status.get("wsrep_cluster_size") == "2" and status.get("wsrep_cluster_status") == "Primary":
                log(f"the survivors formed a primary component of 2 {time.time() - writer.killed_at:.1f} s after "
                    f"the kill")
                break
            if time.time() - writer.killed_at > 120:
                raise SystemExit(f"no primary component of 2 after 120 s: {status}")
            time.sleep(0.1)
        load.join()
        log(f"load done: {load.acknowledged_count()} of {args.messages} acknowledged in {time.time() - started:.1f} s;"
            f" the relay's connections per node now {writer_node(nodes)[1]}; waiting for the queue to empty")
        relay.wait_drained(timeout=600)
        time.sleep(1)                                          # the sink's last file may still be being written
        ok = report_failover(load, sink, relay, writer, counts_before, args)
        if args.rejoin:
            ok = rejoin(nodes, writer, relay, sink, args, run_id) and ok
        if args.quorum_loss:
            ok = quorum_loss(nodes, relay, sink, run_id) and ok
        problems = relay.problems()
        print()
        print(f"the relay's log: {sum(count for _, count in problems)} warnings and errors"
              + (", most frequent first:" if problems else ""))
        for line, count in problems[:12]:
            print(f"  {count}× {line}")
        return 0 if ok else 1
    finally:
        if load is not None:
            load.stop()
        if relay is not None:
            relay.stop()
        sink.stop()
        for node in nodes:
            node.stop()
        if args.keep:
            print(f"kept {base} (the nodes' error.log and data, relay.log, upstream/ with every delivered message)")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
