"""The ways in: the `notices` command line (``cli``); the web app comes in a later issue."""
