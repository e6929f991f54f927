"""A real SMTP server (aiosmtpd) on loopback for the web tests: no login, every message kept.

The `smtp` fixture in conftest.py starts one and sets it as the search's outgoing server.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


def free_port() -> int:
    # aiosmtpd cannot be given port 0, so a free port is found first.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    envelopes: list[Envelope] = field(default_factory=list)


class _Keep:
    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.received.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def start_server(received: Received, port: int) -> Controller:
    controller = Controller(_Keep(received), hostname="127.0.0.1", port=port)
    controller.start()
    return controller
