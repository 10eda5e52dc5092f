"""The seed's rule: stories in chronological order of the attachment period; ties by batch, then name."""
from __future__ import annotations

import unicodedata

from alumni_stories.content.model import DEFAULT_LANGUAGE, Story


def chronological_key(story: Story) -> tuple:
    end = story.period.end.sort_key() if story.period.end else (9999, 0)
    name = unicodedata.normalize("NFKD", story.text(DEFAULT_LANGUAGE).name).casefold()
    return (story.period.start.sort_key(), end, story.batch, name, story.slug)


def chronological(stories) -> list[Story]:
    return sorted(stories, key=chronological_key)
