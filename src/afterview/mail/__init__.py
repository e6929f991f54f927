"""Mail: the SMTP sending side and the inbox readers (IMAP, mbox, Maildir, .eml).

Pure functions and small classes over plain values; the outbox and the store
wiring live in the services that call them.
"""
