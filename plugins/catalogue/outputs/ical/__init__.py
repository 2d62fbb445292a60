"""Calendars (iCalendar, RFC 5545 + RFC 7986): content lines, events, feeds, their history, one-session files."""
