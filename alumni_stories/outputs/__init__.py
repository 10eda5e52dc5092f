"""Files for partners and machines: feeds, JSON index and API, link previews, share images, search, permanent URLs."""
