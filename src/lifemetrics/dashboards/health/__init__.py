"""The health page: queries (SQL to records), findings (words), charts (figures), page (cards)."""
