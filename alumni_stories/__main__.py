"""`python -m alumni_stories` is the `alumni-stories` command."""
import sys

from alumni_stories.cli.main import main

sys.exit(main())
