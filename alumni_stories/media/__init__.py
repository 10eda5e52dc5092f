"""Images: portraits checked, resized and cached."""
