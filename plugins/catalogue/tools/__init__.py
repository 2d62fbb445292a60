"""Commands for editors and maintainers that no build runs: schema, scaffold, guide, diff, format, local editor."""
