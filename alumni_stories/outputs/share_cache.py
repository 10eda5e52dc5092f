"""Share images kept through the store (alumni_stories/store.py): share_image.py's drawer, its writes routed.

Not in share_image.py itself: every image is named by the store's fingerprint of that file (its "share-images" drawer), so any
edit there renames and redraws every image; this module changes where images are written, not what is drawn.
"""
from __future__ import annotations

from pathlib import Path

from alumni_stories import store
from alumni_stories.media import pool
from alumni_stories.outputs.share_image import ShareCard, ShareImages, render_for_file


class StoredShareImages(ShareImages):
    """Names images by content and draws each one once, into the store's folder `cache_dir`."""

    def used(self) -> set[str]:
        """The file names of every card named since this drawer was made (one build, or one preview session)."""
        return set(self._names.values())

    def ensure(self, card: ShareCard) -> Path:
        path = self.cache_dir / self.file_name(card)
        if not path.is_file():
            _draw((card, self.fonts, path))
        return path

    def ensure_all(self, cards: list[ShareCard]) -> list[Path]:
        """The cached image file of every card; those not cached yet are drawn on every core."""
        paths = [self.cache_dir / self.file_name(card) for card in cards]
        pool.run_all(_draw, [(card, self.fonts, path) for card, path in zip(cards, paths) if not path.is_file()])
        return paths


def _draw(job) -> None:
    card, fonts, path = job
    image = render_for_file(card, fonts)
    if not store.write(path, lambda handle: image.save(handle, format="PNG")):
        raise OSError(f"cannot write {path}")
