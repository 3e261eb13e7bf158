"""What tests in several stage folders share, beside conftest.py's workspace and fixtures: git
repositories made step by step, the loopback HTTP server, a workspace's template override, a
command run bounded in memory and time, and facts of the example workspace."""
