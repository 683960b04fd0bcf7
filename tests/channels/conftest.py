"""Fixtures of the channel tests: a real SMTP server on loopback, mail builders, file storage."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import formataddr
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """What the SMTP server received, in order."""

    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(
            envelope.original_content or envelope.content, policy=policy.default
        )
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.DEFAULT_FROM_EMAIL = "service@shop.example"
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _attachment_root(settings: Any, tmp_path: Any) -> None:
    settings.ATTACHMENT_ROOT = tmp_path / "attachments"


def build_email(
    *,
    text: str = "我买的耳机左耳没有声音，申请退货三天了没人处理，请尽快解决。",
    subject: str = "耳机质量问题投诉",
    sender: tuple[str, str] = ("王女士", "wang@example.com"),
    message_id: str | None = "<c1@mail.example.com>",
    headers: dict[str, str] | None = None,
    charset: str = "utf-8",
) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr(sender)
    message["To"] = "service@shop.example"
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text, charset=charset)
    return message.as_bytes()


DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)
DOVECOT_CONF = """
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str


@pytest.fixture(scope="session")
def imap_server() -> Iterator[ImapServer]:
    """Debian's dovecot on a high loopback port with its own config and one passwd-file user.

    `make test` installs dovecot-imapd (scripts/system-packages.sh); without it the IMAP tests
    skip and say why."""
    if DOVECOT is None:
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd); IMAP tests skipped")
    # Not under pytest's 0700 base: dovecot's own users must reach the passwd and mail files.
    root = Path(tempfile.mkdtemp(prefix="complaintdesk-dovecot-"))
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    root.chmod(0o755)
    (root / "run").chmod(0o755)
    port = free_port()
    (root / "passwd").write_text("desk:{PLAIN}imap-test-pass\n")
    config = root / "dovecot.conf"
    uid, gid = _mail_owner(root / "mail")
    config.write_text(DOVECOT_CONF.format(root=root, port=port, uid=uid, gid=gid))
    # The daemon keeps the descriptors it inherits: hand it a file, not a pipe to wait on.
    with (root / "start.log").open("w") as start_log:
        started = subprocess.run(
            [DOVECOT, "-c", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=start_log,
            stderr=start_log,
            check=False,
            timeout=30,
        )
    if started.returncode != 0:
        pytest.fail(f"dovecot did not start: {(root / 'start.log').read_text()}")
    try:
        _wait_for_port(port)
        yield ImapServer("127.0.0.1", port, "desk", "imap-test-pass")
    finally:
        subprocess.run(
            [DOVECOT, "-c", str(config), "stop"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=30,
        )
        shutil.rmtree(root, ignore_errors=True)


def _mail_owner(mail_root: Path) -> tuple[int, int]:
    """Dovecot refuses to keep mail as root: as root, store it as the ``dovecot`` user."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    account = pwd.getpwnam("dovecot")
    os.chown(mail_root, account.pw_uid, account.pw_gid)
    return account.pw_uid, account.pw_gid


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")
