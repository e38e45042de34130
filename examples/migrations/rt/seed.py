"""Seed a local Request Tracker 5 with a small, realistic support history (through REST 2).

    python seed.py --url http://127.0.0.1:8080 --user root --password password

Creates two queues (``Support``, ``Поддержка``), a ``Product`` custom field, two agents and four
customers (Cyrillic and Latin names), and ten tickets: the customer's opening message,
replies from agents and customers, internal comments, files (a PDF, a log, a Cyrillic-named
spreadsheet, a PNG), an HTML-only reply, Cc watchers, and tickets left new, open, stalled,
resolved and rejected. Every message is written by its author, logged in as them: RT records
the logged-in user as a transaction's creator and its own clock as its time.

Two things REST 2 (5.0.3) cannot do are done through RT's admin web forms, as root: granting
rights (customers need CreateTicket, ReplyToTicket…) and applying the custom field to all
queues. Files with non-ASCII names are sent as multipart uploads (RT 5.0.3 answers 500 to them
inside a JSON body). Users and queues that exist already are reused; tickets are always new.
Prints the range of ticket ids created, as JSON.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "seed-secret-42"
RIGHTS = (
    "CreateTicket",
    "ReplyToTicket",
    "CommentOnTicket",
    "ShowTicket",
    "ShowTicketComments",
    "SeeQueue",
    "ModifyTicket",
    "SeeCustomField",
    "ModifyCustomField",
    "Watch",
    "OwnTicket",
)
AGENTS = [
    ("olga", "olga@helpdesk.example", "Ольга Смирнова"),
    ("mark", "mark@helpdesk.example", "Mark Evans"),
]
CUSTOMERS = [
    ("ivan@example.org", "Иван Петров"),
    ("maria@example.org", "Мария Кузнецова"),
    ("john@example.com", "John Miller"),
    ("sofia@example.net", "Sofía García"),
]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@dataclass
class Msg:
    """One step of a ticket's history: who, what kind, the text, files (name, type, bytes)."""

    who: str
    kind: str  # create | correspond | comment | status:<s>
    text: str = ""
    html: bool = False
    files: tuple[tuple[str, str, bytes], ...] = ()


TICKETS: list[tuple[str, str, str, str | None, list[Msg]]] = [
    # (queue, subject, product, cc, history)
    (
        "Поддержка",
        "Не приходит счёт за октябрь",
        "Биллинг",
        "boss@example.org",
        [
            Msg("ivan@example.org", "create", "Здравствуйте! Счёт за октябрь так и не пришёл."),
            Msg(
                "olga",
                "correspond",
                "Иван, проверили: счёт отправлен повторно.",
                files=(("счёт-октябрь.pdf", "application/pdf", PDF),),
            ),
            Msg("olga", "comment", "Письмо ушло в спам у клиента; отметила в CRM."),
            Msg("ivan@example.org", "correspond", "Получил, спасибо!"),
            Msg("olga", "status:resolved"),
        ],
    ),
    (
        "Поддержка",
        "Ошибка 500 при входе",
        "Личный кабинет",
        None,
        [
            Msg(
                "maria@example.org",
                "create",
                "При входе в личный кабинет вижу ошибку 500.",
                files=(("скриншот.png", "image/png", PNG),),
            ),
            Msg(
                "mark",
                "comment",
                "Reproduced on staging; see the log.",
                files=(("error.log", "text/plain", b"ERROR login: timeout\nERROR retry\n"),),
            ),
            Msg(
                "mark",
                "correspond",
                "<p>Мария, мы нашли ошибку и <b>исправили</b> её.</p>",
                html=True,
            ),
            Msg("mark", "status:stalled"),
        ],
    ),
    (
        "Support",
        "Invoice address change",
        "Billing",
        None,
        [
            Msg("john@example.com", "create", "Please change the address on our invoices."),
            Msg("mark", "correspond", "Done: the new address applies from the next invoice."),
            Msg("mark", "status:resolved"),
        ],
    ),
    (
        "Support",
        "Refund for a double charge",
        "Billing",
        "finance@example.com",
        [
            Msg(
                "sofia@example.net",
                "create",
                "I was charged twice on 3 May.",
                files=(("statement.pdf", "application/pdf", PDF),),
            ),
            Msg("olga", "comment", "Two captures in the gateway; refund one."),
            Msg("olga", "correspond", "We refunded the second charge; it takes 3-5 days."),
            Msg("sofia@example.net", "correspond", "Thank you, Olga!"),
        ],
    ),
    (
        "Support",
        "Spam: cheap watches",
        None,
        None,
        [
            Msg("john@example.com", "create", "Buy cheap watches at example.invalid"),
            Msg("mark", "status:rejected"),
        ],
    ),
    (
        "Поддержка",
        "Выгрузка отчёта в Excel",
        "Отчёты",
        None,
        [
            Msg(
                "maria@example.org",
                "create",
                "Нужна выгрузка в Excel, шаблон во вложении.",
                files=(("шаблон отчёта.csv", "text/csv", "Дата;Сумма\n01.05;100\n".encode()),),
            ),
            Msg("olga", "correspond", "Мария, добавим в следующем релизе."),
            Msg("olga", "comment", "Задача в бэклоге: REP-42."),
        ],
    ),
    (
        "Support",
        "API rate limits",
        "API",
        None,
        [Msg("john@example.com", "create", "What are the API rate limits for our plan?")],
    ),
    (
        "Поддержка",
        "Смена тарифа",
        "Биллинг",
        None,
        [
            Msg("ivan@example.org", "create", "Хочу перейти на тариф «Бизнес»."),
            Msg("mark", "correspond", "Ivan, the switch is done; новый тариф действует с 1-го."),
            Msg("ivan@example.org", "correspond", "Отлично, спасибо."),
            Msg("mark", "status:resolved"),
        ],
    ),
    (
        "Support",
        "Export of all tickets",
        "API",
        None,
        [
            Msg("sofia@example.net", "create", "Can we export all our tickets as CSV?"),
            Msg("mark", "comment", "Ask product about bulk export."),
            Msg("mark", "correspond", "Yes: Reports → Export, or the API."),
        ],
    ),
    (
        "Поддержка",
        "Вопрос по договору",
        "Договоры",
        "lawyer@example.org",
        [
            Msg("maria@example.org", "create", "Пришлите, пожалуйста, копию договора."),
            Msg(
                "olga",
                "correspond",
                "Копия во вложении.",
                files=(("договор №17.pdf", "application/pdf", PDF + b"\x00" * 2048),),
            ),
            Msg("maria@example.org", "correspond", "Спасибо!"),
            Msg("olga", "status:resolved"),
        ],
    ),
]


class Seeder:
    def __init__(self, url: str, user: str, password: str) -> None:
        self.url = url.rstrip("/")
        self.api = self.url + "/REST/2.0/"
        self.root = self.session(user, password)
        self.sessions: dict[str, httpx.Client] = {}

    def session(self, user: str, password: str) -> httpx.Client:
        client = httpx.Client(headers={"Referer": self.url + "/"}, timeout=120)
        client.post(self.url + "/NoAuth/Login.html", data={"user": user, "pass": password})
        if client.get(self.api + "rt").status_code != 200:
            sys.exit(f"cannot log in to {self.url} as {user}")
        return client

    def as_user(self, name: str) -> httpx.Client:
        if name not in self.sessions:
            self.sessions[name] = self.session(name, PASSWORD)
        return self.sessions[name]

    def ok(self, reply: httpx.Response, what: str) -> Any:
        if reply.status_code >= 400:
            sys.exit(f"{what}: RT answered {reply.status_code}: {reply.text[:300]}")
        return reply.json()

    def grant_rights(self) -> None:
        """Rights for everyone on every queue, through the admin form (REST 2 cannot)."""
        page = self.root.get(self.url + "/Admin/Global/GroupRights.html").text
        found = re.search(r'id="acl-(\d+)"[^>]*>\s*(?:<[^>]*>\s*)*Everyone', page)
        if not found:
            sys.exit("could not find the Everyone group on RT's rights form")
        key = f"{found.group(1)}-RT::System-1"
        data = {"CheckACL": key, f"SetRights-{key}": list(RIGHTS)}
        reply = self.root.post(self.url + "/Admin/Global/GroupRights.html", data=data)
        if reply.status_code >= 400:
            sys.exit(f"granting rights: RT answered {reply.status_code}")

    def queue(self, name: str) -> None:
        reply = self.root.post(self.api + "queue", json={"Name": name})
        if (
            reply.status_code >= 400
            and self.root.get(self.api + f"queue/{name}").status_code != 200
        ):
            self.ok(reply, f"queue {name}")

    def custom_field(self, name: str) -> None:
        found = (
            self.root.get(
                self.api + "customfields",
                params={"query": json.dumps([{"field": "Name", "value": name}])},
            )
            .json()
            .get("items")
            or []
        )
        if found:
            return
        created = self.ok(
            self.root.post(
                self.api + "customfield",
                json={"Name": name, "Type": "FreeformSingle", "LookupType": "RT::Queue-RT::Ticket"},
            ),
            "custom field",
        )
        cid = created["id"]  # applied globally through the admin form (REST 2 cannot)
        self.root.post(
            self.url + "/Admin/CustomFields/Objects.html",
            data={"id": cid, f"AddCustomField-{cid}": "0", "UpdateObjs": "Submit"},
        )

    def user(self, name: str, email: str, real: str, privileged: bool) -> None:
        body = {
            "Name": name,
            "EmailAddress": email,
            "RealName": real,
            "Password": PASSWORD,
            "Privileged": int(privileged),
        }
        reply = self.root.post(self.api + "user", json=body)
        if reply.status_code >= 400:  # exists (REST 2 in 5.0.3 cannot change a password)
            del body["Password"]
            self.ok(self.root.put(self.api + f"user/{name}", json=body), f"user {name}")

    def message(self, tid: str, m: Msg) -> None:
        client = self.as_user(m.who)
        if m.kind.startswith("status:"):
            self.ok(client.put(self.api + f"ticket/{tid}", json={"Status": m.kind[7:]}), "status")
            return
        content = {"Content": m.text, "ContentType": "text/html" if m.html else "text/plain"}
        files = [("Attachments", (n, data, t)) for n, t, data in m.files]
        if files:  # multipart: the one way RT 5.0.3 takes non-ASCII file names
            reply = client.post(
                self.api + f"ticket/{tid}/{m.kind}", data={"JSON": json.dumps(content)}, files=files
            )
        else:
            reply = client.post(self.api + f"ticket/{tid}/{m.kind}", json=content)
        self.ok(reply, f"{m.kind} on ticket {tid}")

    def ticket(
        self, queue: str, subject: str, product: str | None, cc: str | None, history: list[Msg]
    ) -> str:
        first, *rest = history
        body: dict[str, Any] = {
            "Queue": queue,
            "Subject": subject,
            "Requestor": first.who,
            "Content": first.text,
            "ContentType": "text/plain",
        }
        if product:
            body["CustomFields"] = {"Product": product}
        client = self.as_user(first.who)
        if first.files:
            reply = client.post(
                self.api + "ticket",
                data={"JSON": json.dumps(body)},
                files=[("Attachments", (n, d, t)) for n, t, d in first.files],
            )
        else:
            reply = client.post(self.api + "ticket", json=body)
        tid = str(self.ok(reply, f"ticket {subject}")["id"])
        if cc:
            self.ok(self.root.put(self.api + f"ticket/{tid}", json={"Cc": cc}), "cc")
        owner = next((m.who for m in rest if m.who in {a[0] for a in AGENTS}), None)
        if owner:
            self.ok(self.root.put(self.api + f"ticket/{tid}", json={"Owner": owner}), "owner")
        for m in rest:
            self.message(tid, m)
        return tid

    def run(self) -> dict[str, Any]:
        self.grant_rights()
        for q in ("Support", "Поддержка"):
            self.queue(q)
        self.custom_field("Product")
        for name, email, real in AGENTS:
            self.user(name, email, real, True)
        for email, real in CUSTOMERS:
            self.user(email, email, real, False)
        ids = [int(self.ticket(*t)) for t in TICKETS]
        return {"first_ticket": min(ids), "last_ticket": max(ids), "tickets": len(ids)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--user", default="root")
    parser.add_argument("--password", default="password")
    args = parser.parse_args()
    print(json.dumps(Seeder(args.url, args.user, args.password).run()))


if __name__ == "__main__":
    main()
