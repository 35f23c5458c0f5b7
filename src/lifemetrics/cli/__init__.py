"""The `lifemetrics` command line: thin commands that call the library."""
