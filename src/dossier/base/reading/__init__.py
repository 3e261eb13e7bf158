"""Reading what a workspace holds, safely: a file no bigger than its limit, inside the
workspace and UTF-8 if text (`read_input`); whether a path stays inside a folder, and how it
is shown (`paths`); a YAML file with the line and column of every value (`yaml_positions`);
the parts of a zip, none inflating past its limit (`zip_members`)."""
