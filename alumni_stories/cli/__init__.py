"""The `alumni-stories` command for editors and maintainers (see main.py)."""
