"""Generate the database of a homegrown support platform, for the ``homegrown`` example migration.

The platform keeps customers and staff in one ``users`` table, classifies every ticket into one
of 113 topics (``topics`` table), stores messages (some internal notes) and a few attachments.
Everything is derived from ``--seed``, so the same arguments always write the same rows.

    python generate.py                       # 1,000 tickets into homegrown.sqlite3 here
    python generate.py --tickets 20000 --messages 5 --out /tmp/big.sqlite3
    python generate.py --url postgresql+psycopg://user@127.0.0.1/db   # any SQLAlchemy URL
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
)

HERE = Path(__file__).resolve().parent
AREAS = {
    "billing": "Billing",
    "delivery": "Logistics",
    "orders": "Sales",
    "returns": "Logistics",
    "payments": "Billing",
    "account": "Accounts",
    "mobile_app": "Technical",
    "website": "Technical",
    "loyalty": "Sales",
    "partners": "Partners",
    "security": "Accounts",
    "other": "Support",
}
ASPECTS = ("question", "error", "delay", "refund", "change", "cancel", "complaint", "status",
           "documents", "feedback")  # fmt: skip
#: 113 topics: the first 113 (area, aspect) pairs, as the platform's classifier names them.
TOPICS = [f"{area}.{aspect}" for area in AREAS for aspect in ASPECTS][:113]
SUBJECTS = (
    "Не приходит SMS с кодом подтверждения",
    "Где мой заказ №{n}?",
    "Списали деньги дважды",
    "Cannot log in to my account",
    "Вопрос по возврату товара",
    "Invoice {n} has the wrong address",
    "Приложение падает при оплате",
    "Please cancel order {n}",
)
LINES = (
    "Здравствуйте! Опишите, пожалуйста, проблему подробнее.",
    "Добрый день, проверили — всё исправлено.",
    "Hello, we have forwarded this to the team.",
    "Спасибо, всё работает.",
    "I still see the same error after the update.",
    "Передаю в отдел логистики, ответим в течение дня.",
    "Could you send a screenshot, please?",
)
STATES = ("new", "in_progress", "waiting", "resolved", "closed", "closed", "closed")
START = datetime(2019, 1, 1, tzinfo=UTC)

meta = MetaData()
users = Table(
    "users", meta,
    Column("id", Integer, primary_key=True),
    Column("name", String(200)), Column("email", String(200)),
    Column("kind", String(20)),  # customer | staff
    Column("deleted", Integer, default=0),
)  # fmt: skip
topics = Table(
    "topics", meta,
    Column("id", Integer, primary_key=True),
    Column("code", String(100), unique=True), Column("area", String(50)),
)  # fmt: skip
tickets = Table(
    "tickets", meta,
    Column("id", Integer, primary_key=True),
    Column("subject", Text), Column("state", String(20)), Column("urgency", Integer),
    Column("topic_id", ForeignKey("topics.id")), Column("customer_id", ForeignKey("users.id")),
    Column("staff_id", ForeignKey("users.id")), Column("labels", Text),
    Column("created_at", DateTime), Column("updated_at", DateTime, index=True),
    Column("resolved_at", DateTime),
)  # fmt: skip
messages = Table(
    "messages", meta,
    Column("id", Integer, primary_key=True),
    Column("ticket_id", ForeignKey("tickets.id"), index=True),
    Column("author_id", ForeignKey("users.id")), Column("body", Text),
    Column("is_internal", Integer), Column("created_at", DateTime),
)  # fmt: skip
attachments = Table(
    "attachments", meta,
    Column("id", Integer, primary_key=True),
    Column("message_id", ForeignKey("messages.id"), index=True),
    Column("filename", String(200)), Column("mime", String(100)), Column("size", Integer),
    Column("data", LargeBinary), Column("url", Text),
)  # fmt: skip


def generate(engine: Engine, n_tickets: int, n_messages: int = 5, seed: int = 7) -> None:
    """Create the schema on ``engine`` and fill it; a few rows per batch, so memory stays small."""
    rnd = random.Random(seed)
    n_staff, n_customers = 40, max(10, n_tickets // 2)
    meta.create_all(engine)
    with engine.begin() as conn:
        conn.execute(topics.insert(), [
            {"id": i, "code": code, "area": code.split(".")[0]} for i, code in enumerate(TOPICS, 1)
        ])  # fmt: skip
        conn.execute(users.insert(), list(_users(rnd, n_staff, n_customers)))
        batch: dict[str, list[dict[str, Any]]] = {"t": [], "m": [], "a": []}
        for t in range(1, n_tickets + 1):
            _ticket(rnd, t, n_messages, n_staff, n_customers, batch)
            if t % 1000 == 0 or t == n_tickets:
                conn.execute(tickets.insert(), batch["t"])
                conn.execute(messages.insert(), batch["m"])
                if batch["a"]:
                    conn.execute(attachments.insert(), batch["a"])
                batch = {"t": [], "m": [], "a": []}


def _users(rnd: random.Random, n_staff: int, n_customers: int) -> Iterator[dict[str, Any]]:
    for i in range(1, n_staff + 1):
        yield {"id": i, "name": f"Оператор {i}", "email": f"agent{i}@support.example.com",
               "kind": "staff", "deleted": 0}  # fmt: skip
    for i in range(n_staff + 1, n_staff + n_customers + 1):
        deleted = rnd.random() < 0.01
        email = None if rnd.random() < 0.05 else f"customer{i}@mail.example.net"
        yield {"id": i, "name": f"Клиент {i}", "email": email, "kind": "customer",
               "deleted": int(deleted)}  # fmt: skip


def _ticket(
    rnd: random.Random, t: int, n_messages: int, n_staff: int, n_customers: int,
    batch: dict[str, list[dict[str, Any]]],
) -> None:  # fmt: skip
    customer = rnd.randint(n_staff + 1, n_staff + n_customers)
    staff = rnd.randint(1, n_staff)
    created = START + timedelta(minutes=t * 7 + rnd.randint(0, 6))
    state = rnd.choice(STATES)
    last = created + timedelta(hours=n_messages * 3)
    batch["t"].append({
        "id": t, "subject": rnd.choice(SUBJECTS).format(n=100000 + t), "state": state,
        "urgency": rnd.randint(1, 4), "topic_id": rnd.randint(1, len(TOPICS)),
        "customer_id": customer, "staff_id": staff,
        "labels": "vip" if rnd.random() < 0.05 else "", "created_at": created,
        "updated_at": last, "resolved_at": last if state in ("resolved", "closed") else None,
    })  # fmt: skip
    for k in range(n_messages):
        mid = (t - 1) * n_messages + k + 1
        from_customer = k % 2 == 0
        internal = not from_customer and rnd.random() < 0.15
        body = rnd.choice(LINES) if k else f"Тикет {t}: {rnd.choice(LINES)}"
        batch["m"].append({
            "id": mid, "ticket_id": t, "author_id": customer if from_customer else staff,
            "body": body, "is_internal": int(internal),
            "created_at": created + timedelta(hours=k * 3),
        })  # fmt: skip
        if rnd.random() < 0.02:
            size = rnd.randint(100, 2000)
            batch["a"].append({
                "message_id": mid, "filename": f"screenshot-{mid}.png", "mime": "image/png",
                "size": size, "data": rnd.randbytes(size), "url": None,
            })  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=5, help="messages per ticket")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "homegrown.sqlite3")
    parser.add_argument("--url", help="any SQLAlchemy URL instead of --out")
    args = parser.parse_args()
    if not args.url and args.out.exists():
        args.out.unlink()
    engine = create_engine(args.url or f"sqlite:///{args.out}")
    generate(engine, args.tickets, args.messages, args.seed)
    print(f"wrote {args.tickets} tickets × {args.messages} messages to {args.url or args.out}")


if __name__ == "__main__":
    main()
