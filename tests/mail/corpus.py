"""A labelled corpus of mail as real servers and clients shape it, generated here from templates.

Header sets and MIME layouts follow what Exchange (on premises), Microsoft 365,
Outlook, Gmail, Apple Mail, Thunderbird, Postfix and Exim write for replies,
auto-replies and bounces (after their published formats and RFC 3464/3834/5322);
every sentence is written for this corpus. Each message carries what a careful
reader would make of it: its class, the application, the decision date its words
give and what it seems to say. Used by `test_corpus.py` and `benchmarks/mail_classes.py`.
"""

from __future__ import annotations

import base64
import hashlib
import quopri
from dataclasses import dataclass
from datetime import date

SENT_ON = "Tue, 01 Dec 2026 10:00:00 +0100"  # every reply's Date: a Tuesday
USER = "Alex Morgan <alex.morgan@example.net>"
# (application, sender, employer country) — the people and domains of the demo search.
EMPLOYERS = (
    ("globex-analyst", "Hank Scorpio <hank@globex.example>", "US"),
    ("northwind-office-manager", "Dana Whitfield <dana.whitfield@northwind.example>", "GB"),
    ("hooli-ops", "Denise Carter <denise@hooli.example>", "US"),
    ("umbrella-pa", "Alice Abernathy <alice@umbrella.example>", "DE"),
    ("stark-exec-assistant", "Pepper Potts <pepper@stark.example>", "US"),
)
PEOPLE = {"hank@globex.example": "globex-analyst", "dana.whitfield@northwind.example": "northwind-office-manager",
          "denise@hooli.example": "hooli-ops", "alice@umbrella.example": "umbrella-pa",
          "pepper@stark.example": "stark-exec-assistant", "tom@talentbridge.example": "initech-coordinator"}
DOMAINS = {"globex.example": "globex-analyst", "northwind.example": "northwind-office-manager",
           "hooli.example": "hooli-ops", "umbrella.example": "umbrella-pa", "stark.example": "stark-exec-assistant"}
# Our own sent messages: Message-ID -> (application, task id).
SENT = {f"<note{n}.{app}@afterview.local>": (app, f"{app}:{kind}")
        for n, (app, kind) in enumerate([(a, "check_in:r1") for a, _, _ in EMPLOYERS]
                                        + [("initech-coordinator", "ask_agent_for_contacts"),
                                           ("northwind-office-manager", "thank_you_email:r1:marcus-lee")])}
BOUNCED_NOTE = "<note6.northwind-office-manager@afterview.local>"

# What the words of a reply say, per language: (template, decision date, reading).
TEXTS: dict[str, list[tuple[str, date | None, str | None]]] = {
    "en": [
        ("Thank you for your patience. We will make our decision by Friday, December 18 and let you know.",
         date(2026, 12, 18), None),
        ("Thanks again for coming in. We expect to get back to you within two weeks.", date(2026, 12, 15), None),
        ("We are still talking to a few candidates and will let you know next Friday.", date(2026, 12, 11), None),
        ("With the holidays coming, we expect a decision in early January.", date(2027, 1, 10), None),
        ("Unfortunately, we will not be offering the position to you. We have chosen a candidate who has more "
         "hands-on experience.", None, "rejected"),
        ("We are delighted to offer you the position of Operations Analyst.", None, "offer"),
        ("We would like to invite you to a second interview with the team.", None, "invitation"),
        ("Could you please send us the contact details of two references?", None, "references"),
        ("We need a little more time to finish the interviews, thank you for your patience.", None, "more_time"),
        ("Thank you for your note, it was a pleasure to meet you as well.", None, None),
    ],
    "de": [
        ("Vielen Dank für Ihre Geduld. Wir werden unsere Entscheidung bis zum 18. Dezember treffen und uns bei "
         "Ihnen melden.", date(2026, 12, 18), None),
        ("Wir melden uns innerhalb von zwei Wochen bei Ihnen.", date(2026, 12, 15), None),
        ("Wir sprechen noch mit einigen Kandidaten und melden uns nächsten Freitag.", date(2026, 12, 11), None),
        ("Wegen der Feiertage erwarten wir eine Entscheidung Anfang Januar.", date(2027, 1, 10), None),
        ("Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Kandidaten entschieden haben.", None,
         "rejected"),
        ("Wir freuen uns, Ihnen die Stelle anbieten zu können.", None, "offer"),
        ("Wir möchten Sie gerne zu einem zweiten Gespräch einladen.", None, "invitation"),
        ("Könnten Sie uns bitte zwei Referenzen nennen?", None, "references"),
        ("Wir brauchen noch etwas mehr Zeit für unsere Auswahl.", None, "more_time"),
        ("Vielen Dank für Ihre Nachricht, es hat uns ebenfalls gefreut.", None, None),
    ],
    "fr": [
        ("Merci pour votre patience. Nous prendrons notre décision d'ici le 18 décembre et reviendrons vers vous.",
         date(2026, 12, 18), None),
        ("Nous reviendrons vers vous d'ici deux semaines.", date(2026, 12, 15), None),
        ("Nous rencontrons encore quelques candidats et reviendrons vers vous vendredi prochain.",
         date(2026, 12, 11), None),
        ("Avec les fêtes, nous prévoyons une décision début janvier.", date(2027, 1, 10), None),
        ("Nous sommes au regret de vous informer que votre candidature n'a pas été retenue.", None, "rejected"),
        ("Nous avons le plaisir de vous proposer le poste de chargé d'opérations.", None, "offer"),
        ("Nous souhaitons vous inviter à un second entretien.", None, "invitation"),
        ("Pourriez-vous nous envoyer les coordonnées de deux références ?", None, "references"),
        ("Nous avons besoin d'un peu plus de temps pour finaliser notre choix.", None, "more_time"),
        ("Merci pour votre message, ce fut un plaisir de vous rencontrer.", None, None),
    ],
    "es": [
        ("Gracias por su paciencia. Tomaremos una decisión antes del 18 de diciembre y le informaremos.",
         date(2026, 12, 18), None),
        ("Le daremos una respuesta en dos semanas.", date(2026, 12, 15), None),
        ("Todavía estamos entrevistando a algunos candidatos y le daremos una respuesta el próximo viernes.",
         date(2026, 12, 11), None),
        ("Con las fiestas, esperamos tomar una decisión a principios de enero.", date(2027, 1, 10), None),
        ("Lamentamos informarle que hemos decidido continuar con otro candidato.", None, "rejected"),
        ("Nos complace ofrecerle el puesto de analista de operaciones.", None, "offer"),
        ("Nos gustaría invitarle a una segunda entrevista.", None, "invitation"),
        ("¿Podría enviarnos los datos de contacto de dos referencias, por favor?", None, "references"),
        ("Necesitamos un poco más de tiempo para completar el proceso.", None, "more_time"),
        ("Gracias por su mensaje, fue un placer conocerle.", None, None),
    ],
    "it": [
        ("Grazie per la pazienza. Prenderemo una decisione entro il 18 dicembre e le faremo sapere.",
         date(2026, 12, 18), None),
        ("Le faremo sapere entro due settimane.", date(2026, 12, 15), None),
        ("Stiamo ancora incontrando alcuni candidati e le faremo sapere venerdì prossimo.", date(2026, 12, 11), None),
        ("Con le feste, prevediamo una decisione all'inizio di gennaio.", date(2027, 1, 10), None),
        ("Siamo spiacenti di comunicarle che abbiamo scelto un altro candidato.", None, "rejected"),
        ("Siamo lieti di offrirle la posizione di analista.", None, "offer"),
        ("Vorremmo invitarla a un secondo colloquio.", None, "invitation"),
        ("Potrebbe inviarci i contatti di due referenze?", None, "references"),
        ("Abbiamo bisogno di un po' più tempo per completare la selezione.", None, "more_time"),
        ("Grazie per il suo messaggio, è stato un piacere conoscerla.", None, None),
    ],
    "nl": [
        ("Bedankt voor uw geduld. We nemen uiterlijk 18 december een beslissing en laten het u weten.",
         date(2026, 12, 18), None),
        ("We laten het u binnen twee weken weten.", date(2026, 12, 15), None),
        ("We spreken nog met enkele kandidaten en laten het u volgende week vrijdag weten.", date(2026, 12, 11), None),
        ("Vanwege de feestdagen verwachten we begin januari een beslissing.", date(2027, 1, 10), None),
        ("Helaas moeten wij u laten weten dat wij voor een andere kandidaat hebben gekozen.", None, "rejected"),
        ("Wij zijn verheugd u de functie aan te bieden.", None, "offer"),
        ("Wij willen u graag uitnodigen voor een tweede gesprek.", None, "invitation"),
        ("Kunt u ons de gegevens van twee referenties sturen?", None, "references"),
        ("We hebben iets meer tijd nodig om de gesprekken af te ronden.", None, "more_time"),
        ("Bedankt voor uw bericht, het was ook voor ons een genoegen.", None, None),
    ],
    "pt": [
        ("Obrigado pela paciência. Tomaremos uma decisão até 18 de dezembro e daremos um retorno.",
         date(2026, 12, 18), None),
        ("Daremos uma resposta dentro de duas semanas.", date(2026, 12, 15), None),
        ("Ainda estamos entrevistando alguns candidatos e daremos uma resposta na próxima sexta-feira.",
         date(2026, 12, 11), None),
        ("Com as festas, esperamos uma decisão no início de janeiro.", date(2027, 1, 10), None),
        ("Lamentamos informar que optamos por outro candidato.", None, "rejected"),
        ("Temos o prazer de oferecer a vaga de analista de operações.", None, "offer"),
        ("Gostaríamos de convidá-lo para uma segunda entrevista.", None, "invitation"),
        ("Poderia nos enviar o contato de duas referências?", None, "references"),
        ("Precisamos de mais tempo para concluir o processo.", None, "more_time"),
        ("Obrigado pela sua mensagem, foi um prazer conhecê-lo.", None, None),
    ],
}
GREETING = {"en": ("Dear Alex,", "Best regards,"), "de": ("Sehr geehrter Herr Morgan,", "Mit freundlichen Grüßen"),
            "fr": ("Bonjour Alex,", "Cordialement,"), "es": ("Estimado Alex:", "Saludos cordiales,"),
            "it": ("Gentile Alex,", "Cordiali saluti,"), "nl": ("Beste Alex,", "Met vriendelijke groet,"),
            "pt": ("Olá Alex,", "Atenciosamente,")}
WROTE = {"en": "On Tue, Nov 24, 2026 at 10:15 AM Alex Morgan <alex.morgan@example.net> wrote:",
         "de": "Am Di., 24. Nov. 2026 um 10:15 Uhr schrieb Alex Morgan <alex.morgan@example.net>:",
         "fr": "Le mar. 24 nov. 2026 à 10:15, Alex Morgan <alex.morgan@example.net> a écrit :",
         "es": "El mar, 24 nov 2026 a las 10:15, Alex Morgan (<alex.morgan@example.net>) escribió:",
         "it": "Il giorno mar 24 nov 2026 alle ore 10:15 Alex Morgan <alex.morgan@example.net> ha scritto:",
         "nl": "Op di 24 nov 2026 om 10:15 schreef Alex Morgan <alex.morgan@example.net>:",
         "pt": "Em ter., 24 de nov. de 2026 às 10:15, Alex Morgan <alex.morgan@example.net> escreveu:"}
# The user's note being answered, quoted under the reply: its dates must not be read as theirs.
OUR_NOTE = "Thank you for the interview. I look forward to hearing from you by December 4."
OOO_SUBJECTS = {"en": "Automatic reply", "de": "Abwesenheitsnotiz", "fr": "Réponse automatique",
                "es": "Respuesta automática", "it": "Risposta automatica", "nl": "Automatisch antwoord",
                "pt": "Resposta automática"}
OOO_TEXTS = {  # (text, last day away)
    "en": ("I am out of the office and will be back on Monday, December 14. I will reply on my return.",
           date(2026, 12, 13)),
    "de": ("Ich bin bis einschließlich 11. Dezember nicht im Büro und habe keinen Zugriff auf meine E-Mails.",
           date(2026, 12, 11)),
    "fr": ("Je suis absente du bureau jusqu'au 11 décembre inclus.", date(2026, 12, 11)),
    "es": ("Estoy fuera de la oficina hasta el 11 de diciembre.", date(2026, 12, 11)),
    "it": ("Sono fuori ufficio fino al 11 dicembre compreso.", date(2026, 12, 11)),
    "nl": ("Ik ben afwezig tot en met 11 december.", date(2026, 12, 11)),
    "pt": ("Estou fora do escritório até 11 de dezembro.", date(2026, 12, 11)),
}
CLIENTS = ("exchange", "m365", "outlook", "gmail", "apple", "thunderbird")


@dataclass(frozen=True)
class Sample:
    raw: bytes
    label: str  # reply, answer, auto_reply, bounce, bulk, stranger
    application: str | None = None
    decision: date | None = None
    reading: str | None = None
    away_until: date | None = None
    bounced_task: str | None = None
    source: str = ""


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _qp(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")


def _html(text: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return f"<html><head><meta charset=\"utf-8\"></head><body>{paragraphs}</body></html>"


def render(client: str, sender: str, subject: str, text: str, *, n: int, lang: str = "en",
           in_reply_to: str | None = None, extra: str = "", date_field: str = SENT_ON) -> bytes:
    """One message as `client` writes it: its header set, its MIME layout and its way of quoting."""
    domain = sender.rpartition("@")[2].rstrip(">")
    thread = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n" if in_reply_to else ""
    common = f"From: {sender}\nTo: {USER}\nSubject: {subject}\nDate: {date_field}\n{thread}{extra}"
    if client in ("exchange", "m365", "outlook"):
        quoted = (f"{text}\n\n________________________________\nFrom: {USER}\nSent: Tuesday, November 24, 2026 "
                  f"10:15 AM\nTo: {sender}\nSubject: Thank you\n\n{OUR_NOTE}\n")
        boundary = f"_000_{_id(n, 'b').upper()}_"
        ms = ("X-MS-Has-Attach:\nX-MS-TNEF-Correlator:\nThread-Topic: Thank you\n"
              f"Thread-Index: AQHZ{_id(n, 't')[:12]}==\nAccept-Language: {lang}-{lang.upper()}, en-US\n"
              f"Content-Language: {lang}-{lang.upper()}\n")
        if client == "m365":
            ms += ("X-MS-Exchange-CrossTenant-originalarrivaltime: 01 Dec 2026 09:00:00.0000 (UTC)\n"
                   "X-MS-Exchange-CrossTenant-fromentityheader: Hosted\n"
                   "X-MS-Exchange-Transport-CrossTenantHeadersStamped: AM9PR04MB8000\n")
        elif client == "exchange":
            ms += "X-MS-Exchange-Organization-AuthAs: Internal\nX-MS-Exchange-Organization-SCL: -1\n"
        else:
            ms += "X-Mailer: Microsoft Outlook 16.0\n"
        message_id = f"<{_id(n).upper()}@AM9PR04MB8000.eurprd04.prod.outlook.com>"
        return (f"{common}Message-ID: {message_id}\n{ms}MIME-Version: 1.0\n"
                f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\n\n"
                f"--{boundary}\nContent-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: "
                f"quoted-printable\n\n{_qp(quoted)}\n--{boundary}\nContent-Type: text/html; charset=\"utf-8\"\n"
                f"Content-Transfer-Encoding: quoted-printable\n\n{_qp(_html(quoted))}\n--{boundary}--\n").encode()
    if client == "gmail":
        quoted = f"{text}\n\n{WROTE[lang]}\n\n> {OUR_NOTE}\n>\n"
        boundary = f"000000000000{_id(n, 'g')[:16]}"
        body = base64.encodebytes(quoted.encode()).decode() if n % 2 else _qp(quoted)
        encoding = "base64" if n % 2 else "quoted-printable"
        return (f"MIME-Version: 1.0\n{common}Message-ID: <CA+{_id(n, 'm')}{_id(n, 'x')}@mail.gmail.com>\n"
                f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\n\n--{boundary}\n"
                f"Content-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: {encoding}\n\n{body}\n"
                f"--{boundary}\nContent-Type: text/html; charset=\"UTF-8\"\nContent-Transfer-Encoding: "
                f"quoted-printable\n\n{_qp(_html(quoted))}\n--{boundary}--\n").encode()
    if client == "apple":
        quoted = f"{text}\n\n> {WROTE[lang]}\n> \n> {OUR_NOTE}\n"
        boundary = f"Apple-Mail={_id(n, 'a').upper()}"
        return (f"{common}Message-Id: <{_id(n, 'am').upper()}@{domain}>\n"
                "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))\nX-Mailer: Apple Mail (2.3774.600.62)\n"
                f"Content-Type: multipart/alternative; boundary=\"{boundary}\"\n\n--{boundary}\n"
                "Content-Transfer-Encoding: quoted-printable\nContent-Type: text/plain;\n\tcharset=utf-8\n\n"
                f"{_qp(quoted)}\n--{boundary}\nContent-Transfer-Encoding: quoted-printable\nContent-Type: text/html;"
                f"\n\tcharset=utf-8\n\n{_qp(_html(quoted))}\n--{boundary}--\n").encode()
    quoted = f"{text}\n\n{WROTE[lang]}\n> {OUR_NOTE}\n"  # Thunderbird: plain text, format=flowed
    return (f"Message-ID: <{_id(n, 'tb')}@{domain}>\n{common}MIME-Version: 1.0\n"
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.5.0\n"
            f"Content-Language: {lang}\nContent-Type: text/plain; charset=UTF-8; format=flowed\n"
            f"Content-Transfer-Encoding: 8bit\n\n{quoted}").encode()


def _replies() -> list[Sample]:
    out = []
    n = 0
    for lang, texts in TEXTS.items():
        hello, bye = GREETING[lang]
        for index, (text, decision, reading) in enumerate(texts):
            for round_ in range(2):
                app, sender, _ = EMPLOYERS[(index + round_) % len(EMPLOYERS)]
                client = CLIENTS[(n + round_) % len(CLIENTS)]
                name = sender.split("<")[0].strip()
                body = f"{hello}\n\n{text}\n\n{bye}\n{name}"
                thread = next(k for k, (a, _) in SENT.items() if a == app) if n % 3 == 0 else None
                out.append(Sample(render(client, sender, "Re: Thank you", body, n=n, lang=lang, in_reply_to=thread),
                                  "reply", app, decision, reading, source=f"{client} reply ({lang})"))
                n += 1
    # A person writing from a free-mail address: only the thread ties it to the application.
    for k, (message_id, (app, _task)) in enumerate(list(SENT.items())[:5]):
        out.append(Sample(render("gmail", "G. Belson <gavin.b.private@gmail.com>", "Re: our conversation",
                                 "Thanks, noted. We will let you know within two weeks.", n=500 + k,
                                 in_reply_to=message_id), "reply", app, date(2026, 12, 15), None,
                          source="gmail reply (free mail, threaded)"))
    return out


def _answers() -> list[Sample]:
    message_id = next(k for k, (_, task) in SENT.items() if task.endswith("ask_agent_for_contacts"))
    return [Sample(render(client, "Tom Baker <tom@talentbridge.example>", "Re: Interviewers' details",
                          "Hi Alex,\n\nBill is bill.lumbergh@initech.example and Joanna is "
                          "joanna.smith@initech.example. The client will decide next week.\n\nTom",
                          n=600 + k, in_reply_to=message_id),
                   "answer", "initech-coordinator", source=f"{client} answer to a request for contacts")
            for k, client in enumerate(CLIENTS)]


def _auto_replies() -> list[Sample]:
    out = []
    for k, (lang, (text, until)) in enumerate(OOO_TEXTS.items()):
        for style in ("exchange", "gmail", "sieve"):
            app, sender, _ = EMPLOYERS[(k + len(out)) % len(EMPLOYERS)]
            n = 700 + len(out)
            if style == "exchange":  # Exchange and Microsoft 365 out-of-office: no Auto-Submitted, only the subject
                raw = render("m365", sender, f"{OOO_SUBJECTS[lang]}: Thank you", text, n=n, lang=lang,
                             extra="X-MS-Exchange-Inbox-Rules-Loop: assistant@example\n")
            elif style == "gmail":  # Gmail's vacation responder
                raw = render("gmail", sender, "Re: Thank you", text, n=n, lang=lang,
                             extra="Auto-Submitted: auto-replied\n")
            else:  # a Sieve vacation action (Thunderbird and dovecot users): RFC 3834 and the "Auto:" subject
                raw = render("thunderbird", sender, "Auto: Thank you", text, n=n, lang=lang,
                             extra="Auto-Submitted: auto-replied (vacation)\nPrecedence: bulk\n")
            out.append(Sample(raw, "auto_reply", app, away_until=until, source=f"{style} out-of-office ({lang})"))
    for k, header in enumerate(("X-Autoreply: yes\n", "X-Autorespond: yes\n", "Precedence: auto_reply\n",
                                "X-Auto-Response-Suppress: All\n")):
        app, sender, _ = EMPLOYERS[k]
        out.append(Sample(render("outlook", sender, "Thank you for contacting us",
                                 "We have received your message and will answer it as soon as possible.", n=750 + k,
                                 extra=header), "auto_reply", app, source=f"auto-acknowledgement ({header.strip()})"))
    return out


def _dsn(n: int, reporter: str, mta: str, text: str, recipient: str, returned: str, *, headers_only: bool) -> bytes:
    boundary = f"{_id(n, 'dsn')}/{mta}"
    original = (f"From: {USER}\nTo: {recipient}\nSubject: Thank you\nDate: Tue, 24 Nov 2026 10:15:00 +0100\n"
                f"Message-ID: {returned}\n")
    returned_part = ("Content-Type: text/rfc822-headers\n\n" + original if headers_only else
                     "Content-Type: message/rfc822\n\n" + original + "\nThank you for the interview.\n")
    return (f"From: {reporter}\nTo: alex.morgan@example.net\nSubject: Undelivered Mail Returned to Sender\n"
            f"Date: Tue, 24 Nov 2026 10:15:03 +0100\nMessage-ID: <{_id(n)}@{mta}>\nAuto-Submitted: auto-replied\n"
            f"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;\n"
            f"\tboundary=\"{boundary}\"\n\n--{boundary}\nContent-Description: Notification\n"
            f"Content-Type: text/plain; charset=us-ascii\n\n{text}\n\n--{boundary}\n"
            f"Content-Description: Delivery report\nContent-Type: message/delivery-status\n\n"
            f"Reporting-MTA: dns; {mta}\nArrival-Date: Tue, 24 Nov 2026 10:15:02 +0100\n\n"
            f"Final-Recipient: rfc822; {recipient}\nOriginal-Recipient: rfc822;{recipient}\nAction: failed\n"
            f"Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected: "
            f"User unknown\n\n--{boundary}\nContent-Description: Undelivered Message Headers\n{returned_part}\n"
            f"--{boundary}--\n").encode()


def _bounces() -> list[Sample]:
    recipient, task = "marcus.lee@northwind.example", SENT[BOUNCED_NOTE][1]
    out = []
    for k in range(4):  # Postfix, at the employer and at the user's provider
        reporter = ("Mail Delivery System <MAILER-DAEMON@mx1.northwind.example>" if k % 2 else
                    "Mail Delivery System <MAILER-DAEMON@smtp.example.net>")
        text = (f"This is the mail system at host mx{k}.example.\n\nI'm sorry to have to inform you that your "
                f"message could not\nbe delivered to one or more recipients.\n\n<{recipient}>: host said: 550 "
                f"5.1.1 User unknown")
        out.append(Sample(_dsn(800 + k, reporter, f"mx{k}.example", text, recipient, BOUNCED_NOTE,
                               headers_only=k < 2), "bounce", "northwind-office-manager", bounced_task=task,
                          source="postfix DSN"))
    for k in range(4):  # Exchange and Microsoft 365 non-delivery reports (postmaster at the employer)
        text = (f"Delivery has failed to these recipients or groups:\n\n{recipient}\nThe email address you "
                "entered couldn't be found.")
        raw = _dsn(810 + k, "postmaster@northwind.example", "AM9PR04MB8000.eurprd04.prod.outlook.com", text,
                   recipient, BOUNCED_NOTE, headers_only=False).replace(
            b"Subject: Undelivered Mail Returned to Sender", b"Subject: Undeliverable: Thank you")
        out.append(Sample(raw, "bounce", "northwind-office-manager", bounced_task=task, source="exchange NDR"))
    for k in range(4):  # Gmail's delivery status notification
        text = (f"** Address not found **\n\nYour message wasn't delivered to {recipient} because the address "
                "couldn't be found, or is unable to receive mail.")
        raw = _dsn(820 + k, "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", "mx.google.com", text,
                   recipient, BOUNCED_NOTE, headers_only=k % 2 == 0).replace(
            b"Subject: Undelivered Mail Returned to Sender", b"Subject: Delivery Status Notification (Failure)")
        out.append(Sample(raw, "bounce", "northwind-office-manager", bounced_task=task, source="gmail DSN"))
    for k in range(4):  # Exim: not a DSN; the failed address in X-Failed-Recipients and in the text
        raw = (f"Return-path: <>\nFrom: Mail Delivery System <Mailer-Daemon@mail{k}.example.net>\n"
               f"To: alex.morgan@example.net\nX-Failed-Recipients: {recipient}\nAuto-Submitted: auto-replied\n"
               f"Subject: Mail delivery failed: returning message to sender\nMessage-Id: <{_id(830 + k)}@exim>\n"
               f"Date: Tue, 24 Nov 2026 10:15:03 +0100\n\nThis message was created automatically by mail delivery "
               "software.\n\nA message that you sent could not be delivered to one or more of its\nrecipients. "
               f"This is a permanent error. The following address(es) failed:\n\n  {recipient}\n    host "
               f"mx.northwind.example [192.0.2.10]\n    SMTP error from remote mail server after RCPT TO:<{recipient}>:"
               "\n    550 5.1.1 User unknown\n\n------ This is a copy of the message, including all the headers. "
               f"------\n\nFrom: {USER}\nTo: {recipient}\nSubject: Thank you\nMessage-ID: {BOUNCED_NOTE}\n\n"
               "Thank you for the interview.\n").encode()
        out.append(Sample(raw, "bounce", "northwind-office-manager", bounced_task=task, source="exim bounce"))
    return out


def _bulk() -> list[Sample]:
    out = []
    for k in range(20):
        app, sender, _ = EMPLOYERS[k % len(EMPLOYERS)]
        domain = sender.rpartition("@")[2].rstrip(">")
        extra = ("List-Unsubscribe: <mailto:unsubscribe@" + domain + ">, <https://news." + domain + "/u>\n"
                 "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n" if k % 2 else
                 f"Precedence: bulk\nList-Id: Careers news <careers.{domain}>\n")
        out.append(Sample(render(CLIENTS[k % len(CLIENTS)], f"Careers <careers@{domain}>", "Life at the company",
                                 "Our decision to open a new office was made last week. Read the news.", n=900 + k,
                                 extra=extra), "bulk", app, source="newsletter from the employer's domain"))
    return out


def _strangers() -> list[Sample]:
    senders = ["Friend <a.friend@gmail.com>", "Jobs <alerts@linkedin.com>", "Recruiting <no-reply@greenhouse.io>",
               "Bank <service@bank.example>", "Sam Lee <sam@unrelated.example>", "Mum <mum@web.de>",
               "Shop <orders@shop.example>", "Indeed <alert@indeed.com>"]
    texts = ["We will decide by Friday, December 18.", "Unfortunately, we have chosen another candidate.",
             "We are pleased to offer you a discount.", "Could you send me the references for the report?",
             "See you next Friday!"]
    out = []
    for k in range(40):
        client = CLIENTS[k % len(CLIENTS)]
        out.append(Sample(render(client, senders[k % len(senders)], "Hello", texts[k % len(texts)], n=1000 + k,
                                 in_reply_to="<someone-else@elsewhere.example>" if k % 4 == 0 else None),
                          "stranger", source="stranger"))
    return out


def corpus() -> list[Sample]:
    return [*_replies(), *_answers(), *_auto_replies(), *_bounces(), *_bulk(), *_strangers()]


@dataclass
class Tally:
    """How the scan read the corpus, against its labels."""

    per_class: dict[str, int]
    false_matches: list[str]  # read as a reply (or matched to the wrong application) when it is none
    missed: list[str]  # a reply, an answer, an auto-reply or a bounce read as something else
    dates_right: int
    dates_total: int
    readings_wrong: list[str]


def classify(samples: list[Sample], folder: str) -> Tally:
    """Scan the corpus as one mbox the way `inbox scan` reads it, and count right and wrong."""
    from pathlib import Path

    from afterview.mail.findings import understand
    from afterview.mail.replies import ReplyClassifier
    from afterview.mail.scan import ScanReport, scan_mbox
    from afterview.services.inbox import ANSWER_ONLY_KINDS

    path = Path(folder) / "corpus.mbox"
    with path.open("wb") as out:
        for sample in samples:
            out.write(b"From corpus@example Tue Dec  1 10:00:00 2026\n" + sample.raw.replace(b"\nFrom ", b"\n>From ")
                      + b"\n")
    classifier = ReplyClassifier({k: app for k, (app, _) in SENT.items()}, PEOPLE, DOMAINS, ["alex.morgan@example.net"])
    countries = {app: country for app, _, country in EMPLOYERS}
    tally = Tally({}, [], [], 0, 0, [])
    headers = list(scan_mbox(path, ScanReport()))
    assert len(headers) == len(samples), f"{len(headers)} messages read from {len(samples)} written"
    for sample, header in zip(samples, headers, strict=True):
        tally.per_class[sample.label] = tally.per_class.get(sample.label, 0) + 1
        where = f"{sample.source} #{samples.index(sample)}"
        match = classifier.classify(header)
        if match is None:
            got, app = "stranger", None
        else:
            answered = SENT.get(match.answers or "", ("", ""))[1].split(":")[1:2]
            finding = understand(header, match, timezone="Europe/Berlin",
                                 country=countries.get(match.application_id), as_of=date(2026, 12, 1),
                                 answers_only=bool(answered) and answered[0] in ANSWER_ONLY_KINDS)
            got = {"ignored": "bulk"}.get(finding.kind, finding.kind)
            app = match.application_id
            if got == "bounce" and finding.bounce is not None:
                app = next((SENT[i][0] for i in finding.bounce.returned_ids if i in SENT), None)
            if sample.decision is not None:
                tally.dates_total += 1
                tally.dates_right += finding.decision is not None and finding.decision.day == sample.decision
            elif finding.decision is not None and sample.label == "reply":
                tally.readings_wrong.append(f"{where}: a date {finding.decision.day} it does not give")
            if sample.label == "reply":
                kinds = [r.kind for r in finding.readings]
                if (sample.reading or None) != (kinds[0] if kinds else None):
                    tally.readings_wrong.append(f"{where}: read {kinds}, says {sample.reading}")
            if sample.away_until is not None and (finding.away is None or finding.away[1] != sample.away_until):
                tally.readings_wrong.append(f"{where}: away {finding.away}, says until {sample.away_until}")
        if got == "reply" and (sample.label != "reply" or app != sample.application):
            tally.false_matches.append(f"{where}: read as a reply to {app}")
        elif sample.label != "stranger" and (got != sample.label or app != sample.application):
            tally.missed.append(f"{where}: read as {got} ({app})")
        elif sample.label == "stranger" and got != "stranger":
            tally.false_matches.append(f"{where}: read as {got} ({app})")
    return tally
