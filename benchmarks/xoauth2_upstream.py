#!/usr/bin/env python3
"""The upstream of the benchmark's OAuth 2.0 line (relay_benchmark.py --oauth2): an SMTP sink that takes password and
XOAUTH2 logins, and the HTTPS token endpoint whose access tokens it takes, in one process, so that the sink knows
which tokens were issued. Standard library only.

Postfix's smtp-sink cannot stand in here: it announces only AUTH PLAIN LOGIN and answers 250 to any AUTH, and Angus
Mail logs in with XOAUTH2 only when the server announces it, and takes only 235 as success.

  SMTP      EHLO announces PIPELINING, SIZE, 8BITMIME, ENHANCEDSTATUSCODES and AUTH PLAIN LOGIN XOAUTH2. A password
            login must be the one given; an XOAUTH2 login must be user=<the mailbox given>, auth=Bearer <a token the
            endpoint issued>: 235 2.7.0, otherwise 535 5.7.8. Mail is taken with 250 without a login too (smtp-source
            measures the direct limit against it) and counted by the session's login mechanism, then dropped. Lines
            end in CRLF: a bare CR or LF in a command or in a message is refused.
  HTTPS     POST /token: grant_type=client_credentials with client_secret_basic for the one client given (and its
            scope, if the request names one), answered with {"access_token": <random>, "token_type": "Bearer",
            "expires_in": 3600}; every request is counted.
            GET /stats: the counts, as JSON.

Whatever goes wrong (a refused login or token request, a broken command, a failed TLS handshake) is written to
stderr, one line each: the benchmark watches that file and stops at the first line, rather than waiting for
deliveries the relay retries only a minute later. Nothing else is printed.

    XOAUTH2_UPSTREAM_CLIENT_SECRET=… XOAUTH2_UPSTREAM_PASSWORD=… python3 benchmarks/xoauth2_upstream.py \\
        --smtp-port 2600 --token-port 8443 --cert cert.pem --key key.pem --client-id relay \\
        --user bench --mailbox oauth@bench.example

The secrets come from the environment, where other users of the machine cannot read them as they can a command line.
"""
import argparse
import asyncio
import base64
import binascii
import json
import os
import re
import secrets
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Larger than any message the benchmark sends (--size, and the relay's Received: header): a longer one is refused
MAX_MESSAGE = 64 * 1024 * 1024
# A command line; RFC 4954 allows an AUTH line (with its initial response) up to 12,288 octets
MAX_LINE = 12288
EHLO_REPLY = (b"250-sink.bench\r\n250-PIPELINING\r\n250-SIZE %d\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n"
              b"250 AUTH PLAIN LOGIN XOAUTH2\r\n" % MAX_MESSAGE)
XOAUTH2_RESPONSE = re.compile(rb"user=([^\x01]+)\x01auth=Bearer ([^\x01]+)\x01\x01")


class Counts:
    """What the sink and the endpoint have seen. The sink's counts change on the event loop's thread only, the
    endpoint's under the lock (its requests have a thread each); the issued tokens are a set, whose adding and
    looking up the interpreter does at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.token_requests = 0
        self.tokens_issued = 0
        self.tokens = set()
        self.logins = {"PLAIN": 0, "LOGIN": 0, "XOAUTH2": 0}
        self.messages = {"PLAIN": 0, "LOGIN": 0, "XOAUTH2": 0, "none": 0}
        self.problems = 0

    def as_json(self):
        with self.lock:
            return {"tokenRequests": self.token_requests, "tokensIssued": self.tokens_issued,
                    "logins": dict(self.logins), "messages": dict(self.messages), "problems": self.problems}


def problem(counts, text):
    with counts.lock:
        counts.problems += 1
    print(text, file=sys.stderr, flush=True)


class ProtocolError(Exception):
    """The client broke the protocol in a way after which the session cannot go on: the reply, then the close."""


class Session:
    """One SMTP session. Reads into a buffer of its own rather than line by line: a 10 KiB message of 17-byte lines
    would otherwise cost some 600 reads; the buffer also keeps what a client pipelines behind a command."""

    def __init__(self, reader, writer, options, counts):
        self.reader = reader
        self.writer = writer
        self.options = options
        self.counts = counts
        self.buffer = bytearray()
        self.greeted = False
        self.login = None                                     # the mechanism of this session's login
        self.sender = False
        self.recipients = 0

    async def fill(self):
        data = await self.reader.read(262144)
        if not data:
            raise EOFError
        self.buffer += data

    async def line(self):
        """The next command line without its CRLF."""
        scanned = 0
        while True:
            end = self.buffer.find(b"\n", scanned)
            if end >= 0:
                break
            if len(self.buffer) > MAX_LINE:
                raise ProtocolError(b"500 5.5.2 Line too long")
            scanned = len(self.buffer)
            await self.fill()
        line = bytes(self.buffer[:end + 1])
        del self.buffer[:end + 1]
        if end > MAX_LINE:
            raise ProtocolError(b"500 5.5.2 Line too long")
        if not line.endswith(b"\r\n") or b"\r" in line[:-2]:
            problem(self.counts, f"SMTP: a line not ended by CRLF alone: {line[:80]!r}")
            raise ProtocolError(b"500 5.5.2 Lines end with CRLF")
        return line[:-2]

    async def message(self):
        """The message after DATA's 354, up to and without the final dot: its lines with their CRLFs."""
        scanned = 0
        while True:
            if self.buffer.startswith(b".\r\n"):               # an empty message: the dot right after DATA's CRLF
                del self.buffer[:3]
                return b""
            end = self.buffer.find(b"\r\n.\r\n", scanned)
            if end >= 0:
                content = bytes(self.buffer[:end + 2])
                del self.buffer[:end + 5]
                return content
            if len(self.buffer) > MAX_MESSAGE:
                raise ProtocolError(b"552 5.3.4 Message too big")
            scanned = max(0, len(self.buffer) - 4)
            await self.fill()

    def reply(self, text):
        # Replies are small and the client reads each before it sends on (or, pipelining, before it sends much
        # more): no need to wait for the buffer to drain.
        self.writer.write(text + b"\r\n")

    async def run(self):
        self.reply(b"220 sink.bench ESMTP")
        try:
            while True:
                line = await self.line()
                verb, _, argument = line.partition(b" ")
                verb = verb.upper()
                if verb in (b"EHLO", b"HELO"):
                    if not argument:
                        self.reply(b"501 5.5.4 Syntax: " + verb + b" hostname")
                        continue
                    self.greeted, self.sender, self.recipients = True, False, 0
                    self.writer.write(EHLO_REPLY if verb == b"EHLO" else b"250 sink.bench\r\n")
                elif verb == b"AUTH":
                    await self.authenticate(argument)
                elif verb == b"MAIL":
                    if not self.greeted or self.sender:
                        self.reply(b"503 5.5.1 Error: send EHLO first" if not self.greeted
                                   else b"503 5.5.1 Error: nested MAIL command")
                    elif not argument.upper().startswith(b"FROM:"):
                        self.reply(b"501 5.5.4 Syntax: MAIL FROM:<address>")
                    else:
                        self.sender = True
                        self.reply(b"250 2.1.0 Ok")
                elif verb == b"RCPT":
                    if not self.sender:
                        self.reply(b"503 5.5.1 Error: need MAIL command")
                    elif not argument.upper().startswith(b"TO:"):
                        self.reply(b"501 5.5.4 Syntax: RCPT TO:<address>")
                    else:
                        self.recipients += 1
                        self.reply(b"250 2.1.5 Ok")
                elif verb == b"DATA":
                    if not self.recipients:
                        self.reply(b"503 5.5.1 Error: need RCPT command")
                        continue
                    self.reply(b"354 End data with <CR><LF>.<CR><LF>")
                    content = await self.message()
                    self.sender, self.recipients = False, 0
                    # CR and LF only as CRLF: as many of each as there are pairs
                    pairs = content.count(b"\r\n")
                    if content.count(b"\r") != pairs or content.count(b"\n") != pairs:
                        problem(self.counts, "SMTP: a message with a bare CR or LF")
                        self.reply(b"550 5.6.0 Bare CR or LF in the message")
                        continue
                    self.counts.messages[self.login or "none"] += 1
                    self.reply(b"250 2.0.0 Ok: queued")
                elif verb == b"RSET":
                    self.sender, self.recipients = False, 0
                    self.reply(b"250 2.0.0 Ok")
                elif verb == b"NOOP":
                    self.reply(b"250 2.0.0 Ok")
                elif verb == b"QUIT":
                    self.reply(b"221 2.0.0 Bye")
                    break
                else:
                    self.reply(b"502 5.5.2 Error: command not recognized")
        except ProtocolError as refusal:
            self.reply(refusal.args[0])
        except (EOFError, ConnectionError):
            pass
        finally:
            self.writer.close()

    async def response(self, initial, challenge):
        """The client's response to a SASL step, decoded: the initial response if given, else the answer to the
        challenge. None when the client cancels ('*') or sends no Base64."""
        if initial:
            text = initial
        else:
            self.reply(b"334 " + challenge)
            text = await self.line()
        if text == b"*":
            return None
        try:
            return b"" if text == b"=" else base64.b64decode(text, validate=True)
        except binascii.Error:
            return None

    async def authenticate(self, argument):
        mechanism, _, initial = argument.partition(b" ")
        mechanism = mechanism.upper().decode("ascii", "replace")
        if not self.greeted or self.login or self.sender:
            self.reply(b"503 5.5.1 Error: send EHLO first" if not self.greeted
                       else b"503 5.5.1 Error: already authenticated" if self.login
                       else b"503 5.5.1 Error: AUTH not allowed in a mail transaction")
            return
        options = self.options
        if mechanism == "PLAIN":
            decoded = await self.response(initial, b"")
            parts = decoded.split(b"\0") if decoded is not None else []
            accepted = (len(parts) == 3 and parts[0] in (b"", parts[1]) and parts[1] == options.user_bytes
                        and parts[2] == options.password_bytes)
        elif mechanism == "LOGIN":
            user = await self.response(initial, base64.b64encode(b"Username:"))
            password = await self.response(b"", base64.b64encode(b"Password:")) if user is not None else None
            accepted = user == options.user_bytes and password == options.password_bytes
        elif mechanism == "XOAUTH2":
            decoded = await self.response(initial, b"")
            match = XOAUTH2_RESPONSE.fullmatch(decoded or b"")
            accepted = bool(match and match.group(1) == options.mailbox_bytes
                            and match.group(2).decode("ascii", "replace") in self.counts.tokens)
        else:
            self.reply(b"504 5.5.4 Unrecognized authentication type")
            return
        if accepted:
            self.login = mechanism
            self.counts.logins[mechanism] += 1
            self.reply(b"235 2.7.0 Authentication successful")
        else:
            problem(self.counts, f"SMTP: AUTH {mechanism} refused")
            self.reply(b"535 5.7.8 Error: authentication failed")


class TokenEndpoint(BaseHTTPRequestHandler):
    """POST /token (client credentials, client_secret_basic) and GET /stats; the server carries the options and the
    counts."""
    protocol_version = "HTTP/1.1"                             # keep-alive, as Java's HTTP client expects

    def setup(self):
        # The handshake runs on this request's thread, not on the thread that accepts: a slow or failing one holds up
        # no one else, and a failure is reported.
        try:
            self.request.do_handshake()
        except ssl.SSLEOFError:
            raise                                             # closed unspoken: someone saw that the port is open
        except (ssl.SSLError, OSError) as failure:
            problem(self.server.counts, f"token endpoint: TLS handshake failed: {failure}")
            raise
        super().setup()

    def answer(self, status, body, headers=()):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, status, error, headers=()):
        problem(self.server.counts, f"token endpoint: {error}")
        self.answer(status, {"error": error}, headers)

    def do_GET(self):
        if self.path != "/stats":
            self.answer(404, {"error": "not_found"})
            return
        self.answer(200, self.server.counts.as_json())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/token":
            self.answer(404, {"error": "not_found"})
            return
        counts, options = self.server.counts, self.server.options
        with counts.lock:
            counts.token_requests += 1
        scheme, _, credentials = (self.headers.get("Authorization") or "").partition(" ")
        try:
            # client_secret_basic: id and secret each form-urlencoded, then joined and Base64-encoded (RFC 6749 2.3.1)
            client_id, _, secret = base64.b64decode(credentials, validate=True).decode().partition(":")
            client = (urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret))
        except (binascii.Error, UnicodeDecodeError):
            client = None
        if scheme.lower() != "basic" or client != (options.client_id, options.client_secret):
            self.refuse(401, "invalid_client", [("WWW-Authenticate", 'Basic realm="token"')])
            return
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if form.get("grant_type") != ["client_credentials"]:
            self.refuse(400, "unsupported_grant_type")
            return
        if form.get("scope", [options.scope]) != [options.scope]:
            self.refuse(400, "invalid_scope")
            return
        token = secrets.token_urlsafe(32)
        counts.tokens.add(token)
        with counts.lock:
            counts.tokens_issued += 1
        self.answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def log_message(self, format, *args):
        pass                                                  # stderr is for problems only


class TokenServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        error = sys.exc_info()[1]
        if not isinstance(error, (ssl.SSLError, ConnectionError)):   # those are reported where they happen
            problem(self.counts, f"token endpoint: {error!r}")


def start_token_endpoint(options, counts):
    server = TokenServer(("127.0.0.1", options.token_port), TokenEndpoint)
    server.options, server.counts = options, counts
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(options.cert, options.key)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    threading.Thread(target=server.serve_forever, name="token-endpoint", daemon=True).start()


async def serve(options, counts):
    async def session(reader, writer):
        await Session(reader, writer, options, counts).run()
    server = await asyncio.start_server(session, "127.0.0.1", options.smtp_port, backlog=1024)
    async with server:
        await server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--token-port", type=int, required=True)
    parser.add_argument("--cert", required=True, help="the token endpoint's certificate (PEM)")
    parser.add_argument("--key", required=True, help="its private key (PEM, unencrypted)")
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--scope", default="smtp.send")
    parser.add_argument("--user", required=True, help="the password login's user")
    parser.add_argument("--mailbox", required=True, help="the XOAUTH2 login's user=")
    options = parser.parse_args()
    try:
        options.client_secret = os.environ["XOAUTH2_UPSTREAM_CLIENT_SECRET"]
        options.password_bytes = os.environ["XOAUTH2_UPSTREAM_PASSWORD"].encode()
    except KeyError as missing:
        raise SystemExit(f"{missing.args[0]} is not set")
    options.user_bytes, options.mailbox_bytes = options.user.encode(), options.mailbox.encode()
    counts = Counts()
    start_token_endpoint(options, counts)
    try:
        asyncio.run(serve(options, counts))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
