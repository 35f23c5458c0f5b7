"""The chess pages: queries (SQL to records), findings (words), charts (figures), page (cards)."""
