#!/usr/bin/env python3
"""Submit one message to store-relay with Python's smtplib, as a legacy system would.

Prints the relay's final reply to DATA and exits 0 when the message was accepted; exits 1 with the
SMTP error otherwise.
"""
import argparse
import smtplib
import ssl
import sys
from email.message import EmailMessage


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--store")
    parser.add_argument("--sender", required=True)
    parser.add_argument("--to", required=True,
                        help="the recipient; \\uXXXX escapes stand for non-ASCII, whatever the locale passes on")
    parser.add_argument("--subject", default="smtplib interop")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--cafile", help="CA certificate (PEM) to verify the relay's certificate")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()
    to = args.to.encode("ascii").decode("unicode_escape")

    message = EmailMessage()
    message["From"] = f"Legacy ERP <{args.sender}>"
    message["To"] = to
    message["Subject"] = args.subject
    if args.store:
        message["X-Store-Id"] = args.store
    message.set_content("Sent by Python smtplib.\n")

    try:
        with smtplib.SMTP(args.host, args.port, local_hostname="python.legacy.local", timeout=30) as smtp:
            smtp.ehlo()
            if args.starttls:
                context = ssl.create_default_context(cafile=args.cafile)
                smtp.starttls(context=context)
                smtp.ehlo()
            if args.user:
                smtp.login(args.user, args.password)
            # With a non-ASCII address smtplib declares SMTPUTF8 (and BODY=8BITMIME) itself, if the server offers it.
            smtp.send_message(message)
            code, text = smtp.noop()
            print(f"accepted; tls={'yes' if args.starttls else 'no'}; noop={code}")
        return 0
    except (smtplib.SMTPException, OSError) as error:
        print(f"refused: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
