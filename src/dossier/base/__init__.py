"""The base layer, under every stage: what each of them uses and none of them owns. Reading
an input safely, a YAML file with its positions and whether a path stays inside a folder
(`reading/`); word-level differences between two texts (`word_diff`); where everything is in
a workspace and what decides a build besides its content (`settings`); the time budget every
command runs under (`time_limit`); git asked without running anything of the workspace's
(`git`); the caches that are never wrong (`content_cache`); the libraries' versions and what
they log (`libraries/`); the collector paused for bulk work (`bulk`); counts and lists put
into words for every message (`phrasing`); and problems, their locations (`problems`) and
their catalogue of codes (`problem_codes`). Imports no stage."""
