"""Moving facts in and out: the JSON document, calendars, contacts, cards, spreadsheets."""
