"""What an untrusted content file may hold: every limit a partner's file meets, in one place.

They keep the build quick and the pages light whatever a file says, and each sits well above what
real content needs (the figures in the comments). The checks that apply them live with the reading
they guard (frontmatter, markdown, types, sessions, images), and their messages name the file, the
field and the fix.
"""

from __future__ import annotations

# A content file, and its YAML header (real headers are under 5,000 characters; long text goes in the body).
MAX_FILE_BYTES = 1_000_000
MAX_YAML_CHARS = 100_000
MAX_YAML_DEPTH = 20
MAX_YAML_NODES = 50_000

# Longest text per kind of field (characters): what the field is for, and a fair share of shared feeds.
MAX_SHORT_TEXT, MAX_TEXT, MAX_LONG_TEXT = 120, 300, 800
MAX_URL = 500
MAX_BODY_CHARS = 10_000  # the Markdown presentation below the header
MAX_NESTING = 12  # lists within lists or quotes within quotes: beyond this, no reader follows
MAX_TITLE_CHARS = 150  # a free page's title

# Sessions: a weekly series over two school years, a course of two weeks, a night out until 6 a.m.
MAX_SESSIONS_PER_ACTIVITY = 1500
MAX_SERIES_DAYS = 800
MAX_COURSE_DAYS = 14
MAX_NIGHT_HOURS = 12

# Images (logos, badges): a photo from a phone fits; a decompression bomb does not.
MAX_IMAGE_BYTES = 2_000_000
MAX_PIXELS = 25_000_000
