"""The base layer, under every stage: what each of them uses and none of them owns. Reading
an input safely (`read_input`: inside the workspace, within its size limit, UTF-8) and whether a
path stays inside a folder (`paths`); the time budget every command runs under
(`time_limit`); git asked without running anything of the workspace's (`git`); the caches
that are never wrong (`content_cache`); library versions (`versions`) and what the libraries
log (`library_logs`); the collector paused for bulk work (`bulk`); counts and lists put into
words for every message (`phrasing`); and problems, their locations and their catalogue
(`problems`). Imports no stage."""
