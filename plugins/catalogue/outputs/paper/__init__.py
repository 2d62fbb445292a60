"""Paper: the weekly programme of each territory and the advisers' orientation sheet of each activity (A4 PDF)."""
