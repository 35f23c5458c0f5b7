"""Synthetic chess.com games: legal games with real endings, played by plausible players over years."""
