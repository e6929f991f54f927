"""One module per screen; each holds the page and its JSON twin."""
