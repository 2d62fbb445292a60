"""What a content file may say, and how it is read and checked: no Jinja, no Pelican."""
