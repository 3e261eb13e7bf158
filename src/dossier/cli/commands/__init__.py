"""The commands, one module for each command or each few that belong together. Each defines
its commands with `click.command` and imports neither the group nor the package: the group
(`cli/group.py`) adds them."""
